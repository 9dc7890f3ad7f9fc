import {
  grantIdentityName,
  PRODUCT_CLUSTER_ROLES,
} from '@eks-aiml/plugin-aiml-common';
import { Grant } from './types';

/**
 * The AWS managed access policies releases before the cluster bootstrap bundle
 * associated with entries. The broker associates none of them any more (EKS's
 * Edit policy is Kubernetes' `edit`, which can mint ServiceAccount tokens); each
 * sync disassociates whatever policy a broker-managed entry still carries.
 *
 * @public
 */
export const LEGACY_ACCESS_POLICIES = {
  view: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy',
  edit: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy',
  admin: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy',
} as const;

/**
 * What one principal's access entry should carry: the Kubernetes groups of its
 * wanted grants (sorted, distinct), and no access policy. Empty: no entry at all.
 *
 * @public
 */
export type DesiredAccess = string[];

/**
 * The Kubernetes group of a grant on access-entry clusters: `aiml-grant-<id>`,
 * bound by the grant's RoleBindings (named the same) in the team's namespaces.
 *
 * @public
 */
export function grantGroup(grant: Pick<Grant, 'id'>): string {
  return grantIdentityName(grant.id);
}

/**
 * The product's ClusterRole a grant's group is bound to: `aiml-view` or
 * `aiml-edit`, and `aiml-admin` only for break-glass grants (in namespaces, never
 * cluster scope).
 *
 * @public
 */
export function clusterRoleOf(
  grant: Pick<Grant, 'level' | 'breakGlass'>,
): string {
  if (grant.breakGlass) return PRODUCT_CLUSTER_ROLES.admin;
  if (grant.level === 'view') return PRODUCT_CLUSTER_ROLES.view;
  if (grant.level === 'edit') return PRODUCT_CLUSTER_ROLES.edit;
  throw new Error(
    `A grant of level "${grant.level}" without break-glass has no cluster role`,
  );
}

/**
 * The groups of a principal's wanted grants. Grants without namespaces add
 * nothing (their group would be bound nowhere: there is no cluster scope); a
 * grant of a level it may not hold (admin without break-glass) is refused.
 *
 * @public
 */
export function desiredAccess(
  grants: Pick<Grant, 'id' | 'level' | 'breakGlass' | 'namespaces'>[],
): DesiredAccess {
  const groups = new Set<string>();
  for (const grant of grants) {
    clusterRoleOf(grant);
    if (grant.namespaces.length === 0) continue;
    groups.add(grantGroup(grant));
  }
  return [...groups].sort();
}
