export { loadAcceleratorSeries } from './loadAcceleratorSeries';
export type {
  LoadAcceleratorSeriesOptions,
  SeriesAssembler,
} from './loadAcceleratorSeries';
export { readManagedNamespaces } from './managedNamespaces';
export type { ManagedNamespace } from './managedNamespaces';
export { readNodeLabels } from './nodeLabels';
export type { NodeLabelReader } from './nodeLabels';
export type { RawAcceleratorMetrics } from './rawAcceleratorMetrics';
export { rangeReaderMetricsSource } from './rangeReaderMetricsSource';
export * from './prometheus';
