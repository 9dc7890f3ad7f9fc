export * from './types';
export {
  assembleAcceleratorSeries,
  dcgmHost,
  dcgmPodKey,
  KSM_ACCELERATOR_RESOURCES,
} from './assemble';
export type { RawAcceleratorMetrics } from './assemble';
export { loadAcceleratorSeries, windowSteps } from './loadAcceleratorSeries';
export {
  SandboxMetricsSource,
  SandboxRangeReader,
} from './sandboxMetricsSource';
export { readNamespaceOwners } from './namespaceOwners';
