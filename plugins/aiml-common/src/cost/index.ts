export { computeCostReport } from './model';
export { teamQueueCosts } from './queues';
export type { ClusterKueueMetrics, KueueMetricSeries } from './queues';
export { compareReports, costChange, previousPeriod } from './compare';
export type { CostChange, CostComparison, CostTotalsChange } from './compare';
export * from './types';
