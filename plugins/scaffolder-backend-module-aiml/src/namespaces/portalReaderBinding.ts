import { NotAllowedError } from '@backstage/errors';
import {
  BROKER_NAMESPACE,
  PORTAL_READER_SERVICE_ACCOUNT,
  PRODUCT_CLUSTER_ROLES,
  portalReaderRoleBinding,
} from '@eks-aiml/plugin-aiml-common';
import { describeObject, KubeObject } from '../kubernetes/types';

/** Name of the one RoleBinding provisioning makes in a team namespace. */
export const PORTAL_READER_BINDING = PORTAL_READER_SERVICE_ACCOUNT;

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/**
 * The one RoleBinding of a team namespace: the product's view ClusterRole for
 * the portal's read-only identity (the Kubernetes tab), which lives in the
 * broker's namespace. Provisioning binds no User, no Group and no ServiceAccount
 * of the namespace: people get access only through broker grants, and the
 * projects' workload ServiceAccounts hold no Kubernetes RBAC (DESIGN.md).
 */
export function portalReaderBinding(options: {
  namespace: string;
  team: string;
}): KubeObject {
  return portalReaderRoleBinding(options.namespace, options.team) as KubeObject;
}

type Subject = { kind?: unknown; name?: unknown; namespace?: unknown };

/**
 * Refuses any RBAC object provisioning would make other than exactly the portal
 * reader's binding ({@link portalReaderBinding}): another name, role, role kind,
 * or subject — a User or a Group above all, and any other ServiceAccount — is a
 * NotAllowedError, before any request.
 */
export function checkProvisionedBinding(binding: KubeObject): void {
  const what = describeObject(binding);
  if (binding.kind !== 'RoleBinding') {
    throw new NotAllowedError(
      `${what}: provisioning makes no ${binding.kind}; its one RBAC object is the RoleBinding ${PORTAL_READER_BINDING}`,
    );
  }
  const subjects = (
    Array.isArray(binding.subjects) ? binding.subjects : []
  ) as Subject[];
  for (const s of subjects) {
    if (s.kind === 'User' || s.kind === 'Group') {
      throw new NotAllowedError(
        `${what} would bind ${String(s.kind)} "${String(
          s.name,
        )}": provisioning never binds a User or a Group; people get access through the portal's time-bound grants`,
      );
    }
  }
  const roleRef = (binding.roleRef ?? {}) as Record<string, unknown>;
  const exact =
    binding.apiVersion === `${RBAC_GROUP}/v1` &&
    binding.metadata.name === PORTAL_READER_BINDING &&
    roleRef.apiGroup === RBAC_GROUP &&
    roleRef.kind === 'ClusterRole' &&
    roleRef.name === PRODUCT_CLUSTER_ROLES.view &&
    subjects.length === 1 &&
    subjects[0].kind === 'ServiceAccount' &&
    subjects[0].name === PORTAL_READER_SERVICE_ACCOUNT &&
    subjects[0].namespace === BROKER_NAMESPACE &&
    Object.keys(subjects[0]).every(k =>
      ['kind', 'name', 'namespace'].includes(k),
    );
  if (!exact) {
    throw new NotAllowedError(
      `${what} binds ${String(roleRef.kind)} "${String(roleRef.name)}" to ${
        subjects
          .map(
            s =>
              `${String(s.kind)} ${String(s.namespace ?? '')}/${String(
                s.name,
              )}`,
          )
          .join(', ') || 'no subject'
      }: provisioning binds exactly ClusterRole "${
        PRODUCT_CLUSTER_ROLES.view
      }" to ServiceAccount ${BROKER_NAMESPACE}/${PORTAL_READER_SERVICE_ACCOUNT}, in a RoleBinding named ${PORTAL_READER_BINDING}, and nothing else`,
    );
  }
}
