export { EntityAimlTeamUsageContent } from './EntityAimlTeamUsageContent';
export { EntityAimlTeamUsageCard } from './EntityAimlTeamUsageCard';
