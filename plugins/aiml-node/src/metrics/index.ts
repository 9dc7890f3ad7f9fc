export * from './types';
export * from './extensionPoint';
export { aggregateSeries } from './aggregate';
export {
  assembleAcceleratorSeries,
  dcgmHost,
  dcgmPodKey,
  KSM_ACCELERATOR_RESOURCE_PATTERN,
  KSM_ACCELERATOR_RESOURCES,
  nodesWithoutPriceLabels,
} from './assemble';
export type { RawAcceleratorMetrics } from './assemble';
export { loadAcceleratorSeries, windowSteps } from './loadAcceleratorSeries';
export type { LoadAcceleratorSeriesOptions } from './loadAcceleratorSeries';
export { kubeNodeLabelSeries, readNodeLabels } from './nodeLabels';
export type { NodeLabelReader } from './nodeLabels';
export * from './prometheus';
export { readNamespaceOwners } from './namespaceOwners';
