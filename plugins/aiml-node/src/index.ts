/**
 * Node.js library for the aiml plugin.
 *
 * @packageDocumentation
 */
export * from './config/readAimlConfig';
export * from './eks/eksToken';
export * from './clock/aimlClock';
export * from './clusters/capacity';
export * from './clusters/nodegroupCapacity';
export * from './clusters/nodePoolCapacity';
export * from './clusters/awsClients';
export * from './clusters/awsEnvironmentService';
export * from './clusters/clusterRegistry';
export * from './clusters/clusterRegistryService';
export * from './kubernetes/kubernetesApi';
export * from './teams/teamDirectory';
export * from './teams/workloadRole';
export * from './metrics';
export * from './workers';
