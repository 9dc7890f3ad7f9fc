export { aimlApiRef } from './AimlApi';
export type {
  AimlApi,
  AimlInstancePrice,
  AimlPricing,
  AimlUsagePeriod,
  AimlUsageTarget,
} from './AimlApi';
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
  AimlTeamChange,
  AimlUsage,
} from '@eks-aiml/plugin-aiml-common';
