/**
 * The emulated Kubernetes API server of a sandbox EKS cluster.
 *
 * @packageDocumentation
 */
export { createKubernetesApiServer } from './server';
export type {
  KubernetesApiServer,
  KubernetesApiServerOptions,
  KubernetesAuditEvent,
  KubernetesFault,
  KubernetesRequestInfo,
} from './server';
export { ObjectStore } from './store';
export type {
  IssuedToken,
  ObjectStoreOptions,
  ObjectStoreState,
} from './store';
export {
  apiVersionOf,
  registerCustomKind,
  resourceRegistry,
  ResourceRegistry,
} from './resources';
export type {
  CustomKindDefinition,
  CustomKindSchema,
  DefaultRoleAggregation,
  NameRule,
  ResourceDef,
} from './resources';
export { KubeStatusError } from './status';
export { compileCelExpression } from './admission';
export type { CelCompileResult } from './admission';
export type { KubeStatus, StatusCause, StatusDetails } from './status';
export type {
  AccessPolicyGrant,
  PolicyRule,
  RequestAttributes,
  UserInfo,
} from './rbac';
