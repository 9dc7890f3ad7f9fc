import { InputError } from '@backstage/errors';
import type { ClusterAccessConfig } from '@eks-aiml/plugin-aiml-node';
import { Grant, GrantRequest } from './types';

/** Why a request needs the team leads' approval. */
export type ApprovalKind = NonNullable<Grant['approval']>['kind'];

/**
 * Which approval a (non break-glass) request needs, if any: another team's
 * namespaces (the caller is not a member), or a ttl above the cluster's
 * self-service maximum for one's own team.
 */
export function approvalKind(
  member: boolean,
  ttlMs: number,
  access: Pick<ClusterAccessConfig, 'selfServiceMaxTtlMs'>,
): ApprovalKind | undefined {
  if (!member) return 'cross-team';
  return ttlMs > access.selfServiceMaxTtlMs ? 'long-ttl' : undefined;
}

/** The request a requested grant was made of, to activate it on approval. */
export function requestOfGrant(grant: Grant): GrantRequest {
  return {
    cluster: grant.cluster,
    team: grant.team,
    level: grant.level,
    ttlMs: (grant.approval?.ttlSeconds ?? 0) * 1000,
    reason: grant.reason,
    breakGlass: false,
  };
}

/** A request's approval with its answer: who, when and why. */
export function decidedApproval(
  requested: Grant,
  by: string,
  reason: string,
  nowMs: number,
): NonNullable<Grant['approval']> {
  return {
    ...requested.approval!,
    decidedBy: by,
    decidedAt: new Date(nowMs).toISOString(),
    decisionReason: reason,
  };
}

/** Validates the body of `POST /access/grants/:id/approve` and `/deny`. */
export function parseGrantDecision(body: unknown): { reason: string } {
  const b =
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : undefined;
  const unknown = b ? Object.keys(b).filter(k => k !== 'reason') : [];
  if (!b || unknown.length) {
    throw new InputError(
      `The body must be a JSON object {reason}${
        unknown.length ? `; unknown field(s) ${unknown.join(', ')}` : ''
      }`,
    );
  }
  const reason = typeof b.reason === 'string' ? b.reason.trim() : '';
  if (reason.length < 3 || reason.length > 500) {
    throw new InputError(
      '"reason" must say why you approve or deny, in 3 to 500 characters',
    );
  }
  return { reason };
}
