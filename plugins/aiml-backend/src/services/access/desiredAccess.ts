import { Grant } from './types';

/**
 * The EKS access policy ARNs the broker uses. Cluster admin is not among them:
 * the broker never associates it, and never a cluster scope.
 *
 * @public
 */
export const ACCESS_POLICIES = {
  view: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy',
  edit: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy',
  admin: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy',
} as const;

/**
 * What one principal's access entry should carry: per access policy ARN, the
 * namespaces (sorted, distinct) it is scoped to. Empty: no entry at all.
 *
 * @public
 */
export type DesiredAccess = Map<string, string[]>;

/**
 * The access policy of a grant: View or Edit, and the namespace-scoped Admin
 * policy only for break-glass grants.
 *
 * @public
 */
export function accessPolicyOf(grant: Pick<Grant, 'level' | 'breakGlass'>) {
  if (grant.breakGlass) return ACCESS_POLICIES.admin;
  if (grant.level === 'view') return ACCESS_POLICIES.view;
  if (grant.level === 'edit') return ACCESS_POLICIES.edit;
  throw new Error(
    `A grant of level "${grant.level}" without break-glass has no access policy`,
  );
}

/**
 * The union of a principal's grants: per policy, every namespace any of them
 * names. Grants without namespaces add nothing (there is no cluster scope).
 *
 * @public
 */
export function desiredAccess(
  grants: Pick<Grant, 'level' | 'breakGlass' | 'namespaces'>[],
): DesiredAccess {
  const byPolicy = new Map<string, Set<string>>();
  for (const grant of grants) {
    if (grant.namespaces.length === 0) continue;
    const policy = accessPolicyOf(grant);
    const set = byPolicy.get(policy) ?? new Set<string>();
    grant.namespaces.forEach(n => set.add(n));
    byPolicy.set(policy, set);
  }
  return new Map(
    [...byPolicy.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([policy, namespaces]) => [policy, [...namespaces].sort()]),
  );
}
