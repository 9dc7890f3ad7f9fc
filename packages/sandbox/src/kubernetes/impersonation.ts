/**
 * Impersonation (`Impersonate-User`, `Impersonate-Group`, `Impersonate-Uid`,
 * `Impersonate-Extra-*` headers), as the real API server's `WithImpersonation`
 * filter does it: every impersonated attribute needs the `impersonate` verb
 * on it, checked for the real caller; the request then runs as the
 * impersonated identity, which has only what RBAC gives it.
 */
import { IncomingHttpHeaders } from 'node:http';
import { forbiddenReason, RequestAttributes, UserInfo } from './rbac';
import { KubeStatusError, statusErrors } from './status';

const USER = 'impersonate-user';
const GROUP = 'impersonate-group';
const UID = 'impersonate-uid';
const EXTRA_PREFIX = 'impersonate-extra-';

const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';

function headerValues(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  // Node joins repeated headers with ", " (except set-cookie): split them back.
  return (Array.isArray(v) ? v : v.split(','))
    .map(s => s.trim())
    .filter(Boolean);
}

/** One attribute to authorize: what is impersonated, as a resource request. */
interface ImpersonationCheck {
  attrs: RequestAttributes;
  /** How the real filter prints it in the "without impersonating a user" error. */
  describe: string;
}

/** Whether the request asks to impersonate anyone. */
export function wantsImpersonation(headers: IncomingHttpHeaders): boolean {
  return Object.keys(headers).some(
    h => h === USER || h === GROUP || h === UID || h.startsWith(EXTRA_PREFIX),
  );
}

/**
 * The identity a request impersonates, after checking the caller may; throws
 * the real API server's errors (403 Forbidden naming the first refused
 * attribute; 500 when groups, uid or extras come without a user).
 */
export function impersonate(
  headers: IncomingHttpHeaders,
  caller: UserInfo,
  allowed: (attrs: RequestAttributes) => boolean,
): UserInfo {
  const username = headerValues(headers[USER])[0];
  const groups = headerValues(headers[GROUP]);
  const uid = headerValues(headers[UID])[0];
  const extra: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith(EXTRA_PREFIX)) continue;
    const key = decodeURIComponent(
      name.slice(EXTRA_PREFIX.length),
    ).toLowerCase();
    extra[key] = headerValues(value);
  }

  const checks: ImpersonationCheck[] = [];
  const requireImpersonate = (
    group: string,
    resource: string,
    name: string,
    namespace?: string,
    kind = '',
  ): ImpersonationCheck => ({
    attrs: { verb: 'impersonate', group, resource, name, namespace },
    describe: `{${kind} ${namespace ?? ''} ${name}  ${
      group ? `${group}/v1` : 'authentication.k8s.io/v1'
    }  }`,
  });
  let saNamespace: string | undefined;
  if (username !== undefined) {
    if (username.startsWith(SERVICE_ACCOUNT_PREFIX)) {
      const [ns, name] = username
        .slice(SERVICE_ACCOUNT_PREFIX.length)
        .split(':', 2);
      saNamespace = ns;
      checks.push(
        requireImpersonate(
          '',
          'serviceaccounts',
          name ?? '',
          ns,
          'ServiceAccount',
        ),
      );
    } else {
      checks.push(requireImpersonate('', 'users', username, undefined, 'User'));
    }
  }
  for (const g of groups)
    checks.push(requireImpersonate('', 'groups', g, undefined, 'Group'));
  for (const [key, values] of Object.entries(extra)) {
    for (const v of values) {
      checks.push(
        requireImpersonate(
          'authentication.k8s.io',
          `userextras/${key}`,
          v,
          undefined,
          'Extra',
        ),
      );
    }
  }
  if (uid !== undefined) {
    checks.push(
      requireImpersonate(
        'authentication.k8s.io',
        'uids',
        uid,
        undefined,
        'UID',
      ),
    );
  }
  if (username === undefined) {
    // Upstream buildImpersonationRequests: fmt.Errorf("requested %v without impersonating a user", ...), sent as an InternalError.
    throw statusErrors.internal(
      `requested [${checks
        .map(c => c.describe)
        .join(' ')}] without impersonating a user`,
    );
  }
  for (const check of checks) {
    if (!allowed(check.attrs))
      throw forbiddenImpersonation(check.attrs, caller);
  }

  const finalGroups = [...groups];
  if (saNamespace !== undefined) {
    finalGroups.unshift(
      'system:serviceaccounts',
      `system:serviceaccounts:${saNamespace}`,
    );
  }
  if (
    username !== 'system:anonymous' &&
    !finalGroups.includes('system:authenticated') &&
    !finalGroups.includes('system:unauthenticated')
  ) {
    finalGroups.push('system:authenticated');
  }
  return {
    username,
    ...(uid !== undefined ? { uid } : {}),
    groups: finalGroups,
    ...(Object.keys(extra).length > 0 ? { extra } : {}),
  };
}

/** `users "bob" is forbidden: User "alice" cannot impersonate resource "users" in API group "" at the cluster scope`. */
function forbiddenImpersonation(
  attrs: RequestAttributes,
  caller: UserInfo,
): KubeStatusError {
  return statusErrors.forbidden(
    { group: attrs.group ?? '', plural: attrs.resource! },
    attrs.name,
    forbiddenReason(attrs, caller),
  );
}
