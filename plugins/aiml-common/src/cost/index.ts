export { computeCostReport } from './model';
export { compareReports, costChange, previousPeriod } from './compare';
export type { CostChange, CostComparison, CostTotalsChange } from './compare';
export * from './types';
