/**
 * `SelfSubjectRulesReview` (`kubectl auth can-i --list`): the rules the
 * caller holds in a namespace, resolved as the real RBAC authorizer's
 * `RulesFor` does: every rule of the ClusterRoles bound by ClusterRoleBindings,
 * then of the Roles and ClusterRoles bound by RoleBindings in the namespace,
 * each rule with resources listed as a resource rule and each with
 * nonResourceURLs as a non-resource rule.
 */
import { KubeObject } from '../types';
import { isPlainObject, kubeTime } from './json';
import {
  effectiveClusterRoleRules,
  PolicyRule,
  RbacObjects,
  subjectMatches,
  UserInfo,
} from './rbac';
import { statusErrors } from './status';

function rulesOf(role: KubeObject | undefined): PolicyRule[] {
  return Array.isArray(role?.rules)
    ? (role!.rules.filter(isPlainObject) as unknown as PolicyRule[])
    : [];
}

function applies(binding: KubeObject, user: UserInfo): boolean {
  const subjects = Array.isArray(binding.subjects) ? binding.subjects : [];
  return subjects.some(s =>
    subjectMatches(s, user, binding.metadata.namespace),
  );
}

function refOf(binding: KubeObject): { kind: string; name: string } {
  const ref = isPlainObject(binding.roleRef) ? binding.roleRef : {};
  return { kind: String(ref.kind ?? ''), name: String(ref.name ?? '') };
}

/** The policy rules RBAC gives the user in a namespace, in the authorizer's order. */
export function rbacRulesFor(
  user: UserInfo,
  namespace: string,
  objects: RbacObjects,
): PolicyRule[] {
  if (user.groups.includes('system:masters')) {
    // The privileged-group authorizer in front of RBAC answers for system:masters.
    return [
      { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
      { verbs: ['*'], nonResourceURLs: ['*'] },
    ];
  }
  const clusterRole = (name: string) =>
    objects.clusterRoles.find(r => r.metadata.name === name);
  const rules: PolicyRule[] = [];
  for (const b of objects.clusterRoleBindings) {
    if (!applies(b, user)) continue;
    const ref = refOf(b);
    const role = ref.kind === 'ClusterRole' ? clusterRole(ref.name) : undefined;
    if (role)
      rules.push(...effectiveClusterRoleRules(role, objects.clusterRoles));
  }
  for (const b of objects.roleBindings) {
    if (b.metadata.namespace !== namespace || !applies(b, user)) continue;
    const ref = refOf(b);
    if (ref.kind === 'ClusterRole') {
      const role = clusterRole(ref.name);
      if (role)
        rules.push(...effectiveClusterRoleRules(role, objects.clusterRoles));
    } else if (ref.kind === 'Role') {
      rules.push(
        ...rulesOf(
          objects.roles.find(
            r =>
              r.metadata.name === ref.name &&
              r.metadata.namespace === namespace,
          ),
        ),
      );
    }
  }
  return rules;
}

const nonEmpty = (list: string[] | undefined) => (list ?? []).length > 0;

/**
 * Answers a SelfSubjectRulesReview. `hasWebhookGrants`: the caller is
 * authorized by EKS access policies too, which (as a webhook authorizer)
 * cannot list rules: the answer is then `incomplete` with the webhook's error,
 * as on EKS.
 */
export function selfSubjectRulesReview(
  body: unknown,
  user: UserInfo,
  objects: RbacObjects,
  hasWebhookGrants: boolean,
  nowMs: number,
): KubeObject {
  const spec = isPlainObject(body) && isPlainObject(body.spec) ? body.spec : {};
  const namespace = typeof spec.namespace === 'string' ? spec.namespace : '';
  if (namespace === '') {
    // Upstream selfsubjectrulesreview/rest.go.
    throw statusErrors.badRequest('no namespace on request');
  }
  const rules = rbacRulesFor(user, namespace, objects);
  const resourceRules = rules
    .filter(r => nonEmpty(r.resources))
    .map(r => ({
      verbs: r.verbs,
      apiGroups: r.apiGroups ?? [],
      resources: r.resources,
      ...(nonEmpty(r.resourceNames) ? { resourceNames: r.resourceNames } : {}),
    }));
  const nonResourceRules = rules
    .filter(r => nonEmpty(r.nonResourceURLs))
    .map(r => ({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs }));
  return {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectRulesReview',
    metadata: { name: '', creationTimestamp: kubeTime(nowMs) },
    spec: { namespace },
    status: {
      resourceRules,
      nonResourceRules,
      incomplete: hasWebhookGrants,
      ...(hasWebhookGrants
        ? {
            evaluationError:
              'webhook authorizer does not support user rule resolution',
          }
        : {}),
    },
  };
}
