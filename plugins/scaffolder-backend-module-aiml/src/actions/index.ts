export { createClusterDescribeAction } from './clusterDescribe';
export { createNamespaceProvisionAction } from './namespaceProvision';
export { createProjectRetireAction } from './projectRetire';
export { createWorkloadApplyAction } from './workloadApply';
export { createWorkloadRenderAction } from './workloadRender';
export { createWorkloadResumeAction } from './workloadResume';
