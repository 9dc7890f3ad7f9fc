export { EntityAimlProjectUsageContent } from './EntityAimlProjectUsageContent';
export { EntityAimlProjectUsageCard } from './EntityAimlProjectUsageCard';
