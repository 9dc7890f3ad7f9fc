import { createHash } from 'node:crypto';
import { InputError } from '@backstage/errors';
import { parseDuration } from '@eks-aiml/plugin-aiml-common';
import { GrantRequest } from './types';

const ALLOWED_KEYS = new Set([
  'cluster',
  'team',
  'level',
  'ttl',
  'reason',
  'breakGlass',
  'requestApproval',
]);
const NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const CLUSTER = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;
/** Real clusters refuse TokenRequests shorter than 10 minutes. */
export const MIN_TTL_MS = 10 * 60_000;
/** Break-glass never lasts longer than an hour. */
export const BREAK_GLASS_MAX_TTL_MS = 60 * 60_000;

/**
 * Validates the body of `POST /access/grants` at the boundary. Anything that could
 * widen access — a URL, a namespace list, a principal, any unknown field — is refused,
 * not ignored: namespaces come from the team, clusters from config.
 */
export function parseGrantRequest(body: unknown): GrantRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InputError(
      'The body must be a JSON object: {cluster, team, level, ttl, reason}',
    );
  }
  const b = body as Record<string, unknown>;
  const unknown = Object.keys(b).filter(k => !ALLOWED_KEYS.has(k));
  if (unknown.length) {
    throw new InputError(
      `Unknown field(s) ${unknown
        .map(k => `"${k}"`)
        .join(
          ', ',
        )}: a grant takes only cluster, team, level, ttl, reason, breakGlass and requestApproval; namespaces come from the team's managed namespaces and clusters from configuration`,
    );
  }
  const str = (key: string) => {
    const v = b[key];
    if (typeof v !== 'string' || v.trim() === '')
      throw new InputError(`"${key}" is required and must be a string`);
    return v.trim();
  };
  const cluster = str('cluster');
  if (!CLUSTER.test(cluster))
    throw new InputError(
      `"cluster" must be the name of a configured cluster, got "${cluster}"`,
    );
  const team = str('team');
  if (!NAME.test(team))
    throw new InputError(`"team" must be a team (Group) name, got "${team}"`);
  const breakGlass = b.breakGlass === undefined ? false : b.breakGlass;
  if (typeof breakGlass !== 'boolean')
    throw new InputError('"breakGlass" must be true or false');
  const requestApproval =
    b.requestApproval === undefined ? false : b.requestApproval;
  if (typeof requestApproval !== 'boolean')
    throw new InputError('"requestApproval" must be true or false');
  if (breakGlass && requestApproval)
    throw new InputError(
      'Break-glass needs no approval and admin is never approved: send breakGlass or requestApproval, not both',
    );
  const level = b.level ?? (breakGlass ? 'admin' : undefined);
  if (breakGlass) {
    if (level !== 'admin')
      throw new InputError(
        'A break-glass grant is always level "admin"; omit "level" or set it to "admin"',
      );
  } else if (level !== 'view' && level !== 'edit') {
    throw new InputError(
      `"level" must be "view" or "edit"${
        level === 'admin' ? '; admin is only available through break-glass' : ''
      }`,
    );
  }
  const ttlText = str('ttl');
  const ttlMs = parseDuration(ttlText);
  if (ttlMs === undefined) {
    throw new InputError(
      `"ttl" must be an ISO-8601 duration such as PT2H or PT30M, got "${ttlText}"`,
    );
  }
  if (ttlMs < MIN_TTL_MS)
    throw new InputError(
      `"ttl" must be at least 10 minutes (PT10M), got ${ttlText}`,
    );
  if (breakGlass && ttlMs > BREAK_GLASS_MAX_TTL_MS) {
    throw new InputError(
      `A break-glass grant lasts at most 1 hour (PT1H), got ${ttlText}`,
    );
  }
  const reason = str('reason');
  if (reason.length < 3 || reason.length > 500) {
    throw new InputError(
      '"reason" must say why access is needed, in 3 to 500 characters',
    );
  }
  return {
    cluster,
    team,
    level: level as GrantRequest['level'],
    ttlMs,
    reason,
    breakGlass,
    ...(requestApproval ? { requestApproval } : {}),
  };
}

/**
 * The identity of a request: who asks for what, for how long and why. While the
 * grant a request made is live, the same request returns that grant. A request for
 * approval has a key of its own: on approval, the grant takes the plain request's.
 *
 * @public
 */
export function grantRequestKey(userRef: string, input: GrantRequest): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        userRef,
        input.cluster,
        input.team,
        input.level,
        input.breakGlass,
        input.ttlMs,
        input.reason,
        // Only when set, so the keys of plain requests stay as they were.
        ...(input.requestApproval ? ['approval'] : []),
      ]),
    )
    .digest('hex');
}
