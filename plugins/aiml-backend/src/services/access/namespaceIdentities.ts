import {
  BROKER_NAMESPACE,
  LABEL_MANAGED_BY,
  MANAGED_BY_VALUE,
  PORTAL_READER_SERVICE_ACCOUNT,
  PRODUCT_CLUSTER_ROLES,
  RAY_AUTOSCALER_SERVICE_ACCOUNT_SUFFIX,
  WORKLOAD_SERVICE_ACCOUNT_SUFFIX,
} from '@eks-aiml/plugin-aiml-common';
import { LABEL_GRANT_ID } from './grantRoleBindings';

/** An identity object (ServiceAccount, Role, RoleBinding) in a team namespace, as read. */
export interface NamespaceIdentity {
  kind: 'ServiceAccount' | 'Role' | 'RoleBinding';
  namespace: string;
  name: string;
  labels?: Record<string, string>;
  ownerKinds?: string[];
  roleRef?: { kind?: string; name?: string };
  subjects?: Array<{ kind?: string; name?: string; namespace?: string }>;
}

/** What the sweep does with an identity it did not expect. */
export type IdentityVerdict =
  | { action: 'keep' }
  /** A grant made before the bundle: its objects bind Kubernetes' own roles or live in a team namespace. */
  | { action: 'end-legacy-grant'; grantId: string }
  | { action: 'delete'; why: string }
  | { action: 'report'; why: string };

const PRODUCT_ROLE_NAMES: string[] = Object.values(PRODUCT_CLUSTER_ROLES);
/** KubeRay makes (and remakes) its autoscaler's Role and RoleBinding, owned by the RayCluster. */
const RAY_OWNED = 'RayCluster';

const isWorkloadAccount = (name: string) =>
  name.endsWith(WORKLOAD_SERVICE_ACCOUNT_SUFFIX) ||
  name.endsWith(RAY_AUTOSCALER_SERVICE_ACCOUNT_SUFFIX);

/**
 * Decides, for an identity in a team namespace, whether the bundle or
 * provisioning made it. There is no standing identity in a team namespace
 * besides the projects' workload ServiceAccounts (which hold no RBAC), grant
 * RoleBindings to the product's roles, the portal reader's binding and what
 * KubeRay makes for its autoscaler; anything else was left by an older release
 * (a deployer, a grant ServiceAccount) or made through an old grant (a backdoor)
 * and is deleted, so no token issued through it keeps working. Pure.
 */
export function identityVerdict(o: NamespaceIdentity): IdentityVerdict {
  const labels = o.labels ?? {};
  const grantId =
    labels[LABEL_MANAGED_BY] === MANAGED_BY_VALUE
      ? labels[LABEL_GRANT_ID]
      : undefined;
  if (o.ownerKinds?.includes(RAY_OWNED) && o.kind !== 'ServiceAccount') {
    return { action: 'keep' };
  }
  if (o.kind === 'ServiceAccount') {
    if (o.name === 'default' || isWorkloadAccount(o.name)) {
      return { action: 'keep' };
    }
    if (grantId) return { action: 'end-legacy-grant', grantId };
    return {
      action: 'delete',
      why: 'a ServiceAccount neither provisioning nor the bundle made (team namespaces hold only workload ServiceAccounts)',
    };
  }
  if (o.kind === 'Role') {
    return {
      action: 'report',
      why: 'a Role neither provisioning nor the bundle made; no binding of the product refers to it',
    };
  }
  const boundToProductRole =
    o.roleRef?.kind === 'ClusterRole' &&
    PRODUCT_ROLE_NAMES.includes(o.roleRef.name ?? '');
  if (grantId) {
    const modern =
      boundToProductRole &&
      (o.subjects ?? []).every(
        s =>
          (s.kind === 'ServiceAccount' && s.namespace === BROKER_NAMESPACE) ||
          s.kind === 'Group',
      );
    return modern
      ? { action: 'keep' }
      : { action: 'end-legacy-grant', grantId };
  }
  if (
    o.name === PORTAL_READER_SERVICE_ACCOUNT &&
    o.roleRef?.name === PRODUCT_CLUSTER_ROLES.view &&
    (o.subjects ?? []).every(
      s =>
        s.kind === 'ServiceAccount' &&
        s.namespace === BROKER_NAMESPACE &&
        s.name === PORTAL_READER_SERVICE_ACCOUNT,
    )
  ) {
    return { action: 'keep' };
  }
  return {
    action: 'delete',
    why: `a RoleBinding neither provisioning nor the broker made (to ${
      o.roleRef?.kind ?? '?'
    } ${
      o.roleRef?.name ?? '?'
    }); people reach team namespaces only through grants`,
  };
}
