export * from './types';
export * from './extensionPoint';
export { aggregateSeries } from './aggregate';
export { assembleAcceleratorSeries } from './assemble';
export type { RawAcceleratorMetrics } from './rawAcceleratorMetrics';
export {
  KSM_ACCELERATOR_RESOURCE_PATTERN,
  KSM_ACCELERATOR_RESOURCES,
} from './ksmResources';
export { dcgmHost, dcgmPodKey } from './seriesLabels';
export { nodesWithoutPriceLabels } from './nodeFacts';
export { loadAcceleratorSeries, windowSteps } from './loadAcceleratorSeries';
export type { LoadAcceleratorSeriesOptions } from './loadAcceleratorSeries';
export { kubeNodeLabelSeries, readNodeLabels } from './nodeLabels';
export type { NodeLabelReader } from './nodeLabels';
export * from './prometheus';
export { readNamespaceOwners } from './namespaceOwners';
