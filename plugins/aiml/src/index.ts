/**
 * The aiml frontend plugin: accelerator usage and spend on team and project pages, the
 * portal page, the cluster access card and the scaffolder field extensions for AI/ML on
 * Amazon EKS (legacy frontend system; the new frontend system's plugin is at `./alpha`).
 *
 * @packageDocumentation
 */
export {
  aimlPlugin,
  AimlPage,
  AimlClusterAccessCard,
  EntityAimlClusterAccessCard,
  EntityAimlProjectUsageCard,
  EntityAimlProjectUsageContent,
  EntityAimlTeamUsageCard,
  EntityAimlTeamUsageContent,
  EntityAimlWorkloadStartCard,
} from './plugin';
export {
  AimlAcceleratorPickerFieldExtension,
  AimlClusterPickerFieldExtension,
  AimlModelPickerFieldExtension,
} from './fieldExtensions';
export { rootRouteRef } from './routes';
export { isAimlProject, isAimlTeam } from './lib/conditions';
export * from './api';
export * from './kubernetes';
export type { ClusterAccessCardProps } from './components/ClusterAccessCard';
export type {
  AimlAcceleratorPickerOptions,
  AimlAcceleratorSelection,
} from './components/fields/AimlAcceleratorPicker';
export type { AimlClusterPickerOptions } from './components/fields/AimlClusterPicker';
export type {
  AimlModelPickerOptions,
  AimlModelSelection,
} from './components/fields/AimlModelPicker';
