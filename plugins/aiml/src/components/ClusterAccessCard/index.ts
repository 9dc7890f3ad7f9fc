export { ClusterAccessCard } from './ClusterAccessCard';
export type { ClusterAccessCardProps } from './ClusterAccessCard';
export { EntityAimlClusterAccessCard } from './EntityAimlClusterAccessCard';
