export { EntityAimlWorkloadStartCard } from './EntityAimlWorkloadStartCard';
