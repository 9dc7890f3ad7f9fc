/**
 * An emulated AWS account on loopback for tests and the local portal.
 *
 * @packageDocumentation
 */
export * from './sandbox';
export * from './clock';
export * from './types';
export * from './kubeconfig';
export { readCatalogFixture } from './world/catalogFixture';
export type { CatalogFixture } from './world/catalogFixture';
export { SANDBOX_CLUSTERS } from './world/clusters';
export type {
  ClusterSpec,
  NodegroupSpec,
  WorkloadSpec,
} from './world/clusters';
export type { AwsFault, AwsRequestInfo, AwsRequestRecord } from './aws';
export type {
  KubernetesAuditEvent,
  KubernetesFault,
  KubernetesRequestInfo,
} from './kubernetes';
export { compileCelExpression } from './kubernetes';
export type { CelCompileResult } from './kubernetes';
// SigV4 as AWS checks it: for clients of AWS-signed services (e.g. Amazon Managed Prometheus) to test against.
export { verifySigV4 } from './aws';
export type { SigV4Result, SignedRequest, SigV4VerifyOptions } from './aws';
export * from './metrics';
