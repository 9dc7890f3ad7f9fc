/**
 * Scaffolder actions for EKS-backed AI/ML projects.
 *
 * @packageDocumentation
 */
export { scaffolderModuleAiml as default } from './module';
export * from './actions';
export type { WorkloadType } from './namespaces/teamNamespace';
export type { WorkloadKind } from './manifests/workloads';
export type { NamespaceUsage } from './namespaces/quotaGrowth';
