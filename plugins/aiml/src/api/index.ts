export { aimlApiRef } from './AimlApi';
export type { AimlApi } from './AimlApi';
export { AimlClient } from './AimlClient';
export { aimlApiFactory } from './factory';
export type {
  AimlAccessStrategy,
  AimlBudget,
  AimlCluster,
  AimlClusterCapacity,
  AimlGrant,
  AimlGrantLevel,
  AimlGrantRequest,
  AimlGrantState,
  AimlInstancePrice,
  AimlPricing,
  AimlTeamChange,
  AimlUsage,
  AimlUsagePeriod,
  AimlUsageTarget,
} from './types';
