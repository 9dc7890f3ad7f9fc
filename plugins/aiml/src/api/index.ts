export { aimlApiRef } from './AimlApi';
export type { AimlApi } from './AimlApi';
export { AimlClient } from './AimlClient';
export { aimlApiFactory } from './factory';
export type {
  AimlAccessStrategy,
  AimlAcceleratorTypeDaily,
  AimlBudget,
  AimlCluster,
  AimlClusterCapacity,
  AimlGrant,
  AimlGrantLevel,
  AimlGrantRequest,
  AimlGrantState,
  AimlInstancePrice,
  AimlPricing,
  AimlUsage,
  AimlUsagePeriod,
  AimlUsageTarget,
  AimlWorkloadCostRow,
} from './types';
