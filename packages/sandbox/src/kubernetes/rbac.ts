/**
 * The RBAC authorizer as pure functions: whether a user may do a request given
 * the cluster's Roles, ClusterRoles and bindings, plus the EKS access policies
 * of an access entry. Messages follow the real API server.
 */
import { KubeObject } from '../types';
import { isPlainObject } from './json';
import { matchesLabelSelector } from './selectors';

/** Who is asking, as authentication established it. */
export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/** What is asked, as the real API server's RequestInfo describes it. */
export interface RequestAttributes {
  /** get, list, watch, create, update, patch, delete, deletecollection; for paths: the lower-case HTTP method. */
  verb: string;
  /** Resource requests: `''` for the core group. */
  group?: string;
  resource?: string;
  subresource?: string;
  name?: string;
  /** Empty for cluster-scoped resources and requests across all namespaces. */
  namespace?: string;
  /** Non-resource requests (`/version`, `/api`): the URL path. */
  path?: string;
}

/** A rule of a Role or ClusterRole. */
export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** The RBAC objects of a cluster. */
export interface RbacObjects {
  roles: KubeObject[];
  roleBindings: KubeObject[];
  clusterRoles: KubeObject[];
  clusterRoleBindings: KubeObject[];
}

/**
 * What an EKS access policy association grants: the rules of a default
 * ClusterRole, cluster-wide or only in some namespaces (where a trailing `*` is a prefix wildcard).
 */
export interface AccessPolicyGrant {
  /** The policy's ARN, for messages. */
  policyArn: string;
  rules: PolicyRule[];
  /** Undefined for cluster scope. */
  namespaces?: string[];
}

/** Whether the request is for a resource rather than a path. */
export function isResourceRequest(attrs: RequestAttributes): boolean {
  return attrs.resource !== undefined;
}

const has = (list: string[] | undefined, value: string) =>
  (list ?? []).some(v => v === '*' || v === value);

/** Whether one rule allows a request. */
export function ruleAllows(
  rule: PolicyRule,
  attrs: RequestAttributes,
): boolean {
  if (!has(rule.verbs, attrs.verb)) return false;
  if (!isResourceRequest(attrs)) {
    const path = attrs.path ?? '';
    return (rule.nonResourceURLs ?? []).some(
      u =>
        u === '*' ||
        u === path ||
        (u.endsWith('*') && path.startsWith(u.slice(0, -1))),
    );
  }
  if (!has(rule.apiGroups, attrs.group ?? '')) return false;
  const combined = attrs.subresource
    ? `${attrs.resource}/${attrs.subresource}`
    : attrs.resource!;
  const resourceOk = (rule.resources ?? []).some(
    r =>
      r === '*' ||
      r === combined ||
      (attrs.subresource !== undefined && r === `*/${attrs.subresource}`),
  );
  if (!resourceOk) return false;
  const names = rule.resourceNames ?? [];
  return names.length === 0 || (!!attrs.name && names.includes(attrs.name));
}

function rulesOf(role: KubeObject | undefined): PolicyRule[] {
  const rules = role?.rules;
  return Array.isArray(rules)
    ? (rules.filter(r => isPlainObject(r)) as unknown as PolicyRule[])
    : [];
}

/**
 * A ClusterRole's rules including, when it has an aggregationRule, the rules of
 * every ClusterRole its selectors match (what the aggregation controller writes).
 */
export function effectiveClusterRoleRules(
  role: KubeObject,
  clusterRoles: KubeObject[],
): PolicyRule[] {
  const rules = [...rulesOf(role)];
  const aggregation = role.aggregationRule;
  const selectors =
    isPlainObject(aggregation) &&
    Array.isArray(aggregation.clusterRoleSelectors)
      ? aggregation.clusterRoleSelectors
      : [];
  if (selectors.length === 0) return rules;
  for (const other of clusterRoles) {
    if (other.metadata.name === role.metadata.name) continue;
    if (selectors.some(s => matchesLabelSelector(s, other.metadata.labels))) {
      rules.push(...rulesOf(other));
    }
  }
  return rules;
}

/** Whether a binding subject is the user (`User`), one of their groups (`Group`) or them as a ServiceAccount. */
export function subjectMatches(
  subject: unknown,
  user: UserInfo,
  bindingNamespace: string | undefined,
): boolean {
  if (!isPlainObject(subject) || typeof subject.name !== 'string') return false;
  switch (subject.kind) {
    case 'User':
      return subject.name === user.username;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const ns =
        typeof subject.namespace === 'string' && subject.namespace
          ? subject.namespace
          : bindingNamespace;
      return (
        !!ns && user.username === `system:serviceaccount:${ns}:${subject.name}`
      );
    }
    default:
      return false;
  }
}

function bindingApplies(binding: KubeObject, user: UserInfo): boolean {
  const subjects = Array.isArray(binding.subjects) ? binding.subjects : [];
  return subjects.some(s =>
    subjectMatches(s, user, binding.metadata.namespace),
  );
}

function roleRef(binding: KubeObject): { kind: string; name: string } {
  const ref = isPlainObject(binding.roleRef) ? binding.roleRef : {};
  return { kind: String(ref.kind ?? ''), name: String(ref.name ?? '') };
}

/** Whether RBAC allows the request (members of `system:masters` may do anything). */
export function rbacAllows(
  attrs: RequestAttributes,
  user: UserInfo,
  objects: RbacObjects,
): boolean {
  if (user.groups.includes('system:masters')) return true;
  const clusterRole = (name: string) =>
    objects.clusterRoles.find(r => r.metadata.name === name);
  const allowsBy = (role: KubeObject | undefined, cluster: boolean) =>
    !!role &&
    (cluster
      ? effectiveClusterRoleRules(role, objects.clusterRoles)
      : rulesOf(role)
    ).some(rule => ruleAllows(rule, attrs));

  for (const binding of objects.clusterRoleBindings) {
    if (!bindingApplies(binding, user)) continue;
    const ref = roleRef(binding);
    if (ref.kind === 'ClusterRole' && allowsBy(clusterRole(ref.name), true)) {
      return true;
    }
  }
  // RoleBindings only grant within their namespace, and never at cluster scope.
  if (!attrs.namespace || !isResourceRequest(attrs)) return false;
  for (const binding of objects.roleBindings) {
    if (binding.metadata.namespace !== attrs.namespace) continue;
    if (!bindingApplies(binding, user)) continue;
    const ref = roleRef(binding);
    if (ref.kind === 'ClusterRole' && allowsBy(clusterRole(ref.name), true)) {
      return true;
    }
    if (ref.kind === 'Role') {
      const role = objects.roles.find(
        r =>
          r.metadata.name === ref.name &&
          r.metadata.namespace === attrs.namespace,
      );
      if (allowsBy(role, false)) return true;
    }
  }
  return false;
}

function namespaceInScope(namespace: string, scope: string[]): boolean {
  return scope.some(s =>
    s.endsWith('*') ? namespace.startsWith(s.slice(0, -1)) : s === namespace,
  );
}

/**
 * Whether EKS access policies allow the request: a cluster-scoped association
 * everywhere; a namespace-scoped one only for requests in those namespaces
 * (never cluster-scoped resources or lists across namespaces).
 */
export function accessPoliciesAllow(
  attrs: RequestAttributes,
  grants: AccessPolicyGrant[],
): boolean {
  return grants.some(g => {
    if (g.namespaces !== undefined) {
      if (!isResourceRequest(attrs) || !attrs.namespace) return false;
      if (!namespaceInScope(attrs.namespace, g.namespaces)) return false;
    }
    return g.rules.some(rule => ruleAllows(rule, attrs));
  });
}

/** Whether the user may do the request, by RBAC or by their access policies. */
export function isAllowed(
  attrs: RequestAttributes,
  user: UserInfo,
  objects: RbacObjects,
  grants: AccessPolicyGrant[] = [],
): boolean {
  return rbacAllows(attrs, user, objects) || accessPoliciesAllow(attrs, grants);
}

/**
 * The reason part of a Forbidden message: `User "x" cannot list resource "pods"
 * in API group "" in the namespace "y"` (or `at the cluster scope`, or `cannot get path "/x"`).
 */
export function forbiddenReason(
  attrs: RequestAttributes,
  user: UserInfo,
): string {
  if (!isResourceRequest(attrs)) {
    return `User "${user.username}" cannot ${attrs.verb} path "${attrs.path}"`;
  }
  const resource = attrs.subresource
    ? `${attrs.resource}/${attrs.subresource}`
    : attrs.resource;
  const where = attrs.namespace
    ? `in the namespace "${attrs.namespace}"`
    : 'at the cluster scope';
  return `User "${user.username}" cannot ${
    attrs.verb
  } resource "${resource}" in API group "${attrs.group ?? ''}" ${where}`;
}
