/**
 * Names of the objects of the cluster bootstrap bundle, shared by the backend
 * (which binds to them and checks them), provisioning and the sandbox.
 */

/**
 * The bundle's version; every object of the bundle carries it in {@link LABEL_BUNDLE_VERSION}.
 *
 * @public
 */
export const BUNDLE_VERSION = '1';

/**
 * Label naming the bundle version an object belongs to.
 *
 * @public
 */
export const LABEL_BUNDLE_VERSION = 'aiml.eks.aws/bundle-version';

/**
 * The broker's own namespace: grant ServiceAccounts and the portal's reader live
 * here, never in a team namespace, and no grant covers it.
 *
 * @public
 */
export const BROKER_NAMESPACE = 'aiml-access';

/**
 * The portal's read-only identity (the Kubernetes tab), in {@link BROKER_NAMESPACE}.
 *
 * @public
 */
export const PORTAL_READER_SERVICE_ACCOUNT = 'aiml-portal-reader';

/**
 * Kubernetes group the backend's own identity is mapped to (access entry or aws-auth).
 *
 * @public
 */
export const BROKER_GROUP = 'aiml-broker';

/**
 * The product's ClusterRoles per access level: explicit rule lists, no aggregation.
 *
 * @public
 */
export const PRODUCT_CLUSTER_ROLES = {
  view: 'aiml-view',
  edit: 'aiml-edit',
  admin: 'aiml-admin',
} as const;

/**
 * An access level of a grant.
 *
 * @public
 */
export type AccessLevel = keyof typeof PRODUCT_CLUSTER_ROLES;

/**
 * The ClusterRole of the backend's own identity.
 *
 * @public
 */
export const BROKER_CLUSTER_ROLE = 'aiml-broker';

/**
 * Pods in managed namespaces run only as ServiceAccounts named `<component>` + this suffix.
 *
 * @public
 */
export const WORKLOAD_SERVICE_ACCOUNT_SUFFIX = '-workload';

/**
 * The ServiceAccount KubeRay's autoscaler sidecar runs as: `<component>` + this suffix.
 *
 * @public
 */
export const RAY_AUTOSCALER_SERVICE_ACCOUNT_SUFFIX = '-ray-autoscaler';

/**
 * Name of a grant's identity: its ServiceAccount (token) or Kubernetes group (access entry), and its RoleBindings.
 *
 * @public
 */
export function grantIdentityName(grantId: string): string {
  return `aiml-grant-${grantId}`;
}
