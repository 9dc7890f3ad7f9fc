export { createClusterDescribeAction } from './clusterDescribe';
