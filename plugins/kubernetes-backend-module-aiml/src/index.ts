/**
 * The aiml integration of Backstage's Kubernetes plugin: the configured clusters, the
 * portal reader's credentials and the team-scoped objects provider.
 *
 * @packageDocumentation
 */
export { kubernetesModuleAimlClusters as default } from './module';
export * from './module';
export * from './portalReaderTokens';
export * from './teamScopedObjects';
