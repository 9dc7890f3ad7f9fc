/**
 * Bearer-token authentication as an EKS cluster does it: the cluster's admin
 * token, ServiceAccount tokens, and EKS tokens (`k8s-aws-v1.…`) mapped through
 * the cluster's access entries. Also what an access entry's policies grant.
 */
import { timingSafeEqual } from 'node:crypto';
import { SandboxClock } from '../clock';
import { AccessEntry, AwsPrincipal, EksAuthenticator } from '../types';
import { ACCESS_POLICY_ROLES, defaultClusterRoleRules } from './defaultRoles';
import { AccessPolicyGrant, UserInfo } from './rbac';
import { ResourceRegistry } from './resources';
import { ObjectStore } from './store';
import { authenticateServiceAccountToken } from './tokens';

/** The outcome of authenticating a request. */
export type AuthenticationResult =
  /** No credentials at all. */
  | { type: 'anonymous'; user: UserInfo }
  /** Credentials that are not (or no longer) valid: 401. */
  | { type: 'invalid' }
  | { type: 'authenticated'; user: UserInfo; grants: AccessPolicyGrant[] };

/** What authentication needs of the server. */
export interface AuthenticationContext {
  clusterName: string;
  adminToken: string;
  eks: EksAuthenticator;
  store: ObjectStore;
  clock: SandboxClock;
  registry: ResourceRegistry;
}

/** The prefix of EKS (aws-iam-authenticator) tokens. */
export const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';

const ANONYMOUS: UserInfo = {
  username: 'system:anonymous',
  groups: ['system:unauthenticated'],
};

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Expands the templates an access entry's username may hold. */
export function expandUsername(
  template: string,
  principal: AwsPrincipal,
): string {
  return template
    .replace(/\{\{SessionName\}\}/g, principal.sessionName ?? '')
    .replace(/\{\{AccountID\}\}/g, principal.account);
}

/** What an access entry's policy associations grant, as rules with their namespace scope. */
export function accessEntryGrants(
  entry: AccessEntry | undefined,
  registry: ResourceRegistry,
): AccessPolicyGrant[] {
  const rules = defaultClusterRoleRules(registry);
  const grants: AccessPolicyGrant[] = [];
  for (const p of entry?.policies ?? []) {
    const role = ACCESS_POLICY_ROLES[p.policyArn];
    if (!role) continue;
    grants.push({
      policyArn: p.policyArn,
      rules: rules[role],
      namespaces:
        p.accessScope.type === 'namespace'
          ? p.accessScope.namespaces ?? []
          : undefined,
    });
  }
  return grants;
}

async function authenticateEks(
  token: string,
  ctx: AuthenticationContext,
): Promise<AuthenticationResult> {
  let principal: AwsPrincipal | undefined;
  try {
    principal = await ctx.eks.verifyToken(token, ctx.clusterName);
  } catch {
    // A token the EKS side cannot make sense of is simply not valid.
    return { type: 'invalid' };
  }
  if (!principal) return { type: 'invalid' };
  const entry = ctx.eks.accessEntry(ctx.clusterName, principal.principalArn);
  const isCreator =
    ctx.eks.clusterCreatorArn(ctx.clusterName) === principal.principalArn;
  // EKS refuses principals without an access entry: 401, like aws-iam-authenticator.
  if (!entry && !isCreator) return { type: 'invalid' };
  const grants = accessEntryGrants(entry, ctx.registry);
  if (isCreator) {
    // bootstrapClusterCreatorAdminPermissions: the creator is cluster-admin.
    grants.push({
      policyArn:
        'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
      rules: defaultClusterRoleRules(ctx.registry)['cluster-admin'],
    });
  }
  const user: UserInfo = {
    username: entry ? expandUsername(entry.username, principal) : principal.arn,
    uid: `aws-iam-authenticator:${principal.account}:${principal.userId}`,
    groups: [...(entry?.kubernetesGroups ?? []), 'system:authenticated'],
    extra: {
      arn: [principal.arn],
      canonicalArn: [principal.principalArn],
      principalId: [principal.userId],
      ...(principal.sessionName
        ? { sessionName: [principal.sessionName] }
        : {}),
    },
  };
  return { type: 'authenticated', user, grants };
}

/** Authenticates a request's `Authorization` header. */
export async function authenticate(
  authorization: string | undefined,
  ctx: AuthenticationContext,
): Promise<AuthenticationResult> {
  if (authorization === undefined || authorization.trim() === '') {
    return { type: 'anonymous', user: ANONYMOUS };
  }
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!m) return { type: 'invalid' };
  const token = m[1];
  if (sameSecret(token, ctx.adminToken)) {
    return {
      type: 'authenticated',
      user: {
        username: 'kubernetes-admin',
        groups: ['system:masters', 'system:authenticated'],
      },
      grants: [],
    };
  }
  if (token.startsWith(EKS_TOKEN_PREFIX)) return authenticateEks(token, ctx);
  const sa = authenticateServiceAccountToken(ctx.store, ctx.clock, token);
  return sa
    ? { type: 'authenticated', user: sa, grants: [] }
    : { type: 'invalid' };
}
