/**
 * ServiceAccount tokens: the TokenRequest subresource issues them and the
 * authenticator resolves them. Tokens are opaque random strings; the store keeps
 * only their hashes, each tied to the ServiceAccount's uid so deleting the
 * ServiceAccount (or its namespace) revokes them at once. Legacy Secret tokens
 * (tokenController.ts) are kept the same way, tied to their Secret too.
 */
import { createHash, randomBytes } from 'node:crypto';
import { SandboxClock } from '../clock';
import { KubeObject } from '../types';
import { isPlainObject, kubeTime } from './json';
import { UserInfo } from './rbac';
import { resourceRegistry } from './resources';
import { statusErrors } from './status';
import { ObjectStore } from './store';

/** The shortest lifetime a TokenRequest may ask for (the real API server's minimum). */
export const MIN_TOKEN_EXPIRATION_SECONDS = 600;
/** Longer requests are cut to this, as `--service-account-max-token-expiration` does. */
export const MAX_TOKEN_EXPIRATION_SECONDS = 48 * 60 * 60;
const DEFAULT_TOKEN_EXPIRATION_SECONDS = 60 * 60;
/** The audience tokens get when the request names none. */
export const DEFAULT_TOKEN_AUDIENCE = 'https://kubernetes.default.svc';

const TOKEN_REQUEST = { group: 'authentication.k8s.io', kind: 'TokenRequest' };
const SERVICE_ACCOUNTS = resourceRegistry.byResource(
  '',
  'v1',
  'serviceaccounts',
)!;
const SECRETS = resourceRegistry.byResource('', 'v1', 'secrets')!;

export function sha256(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Reads and validates a TokenRequest body; throws 400/422 Status errors. */
function readTokenRequest(body: unknown): {
  expirationSeconds: number;
  audiences: string[];
} {
  if (!isPlainObject(body)) {
    throw statusErrors.badRequest(
      'the object provided is unrecognized (must be of type TokenRequest): expected an object',
    );
  }
  if (
    body.apiVersion !== undefined &&
    body.apiVersion !== 'authentication.k8s.io/v1'
  ) {
    throw statusErrors.badRequest(
      `the API version in the data (${String(
        body.apiVersion,
      )}) does not match the expected API version (authentication.k8s.io/v1)`,
    );
  }
  if (body.kind !== undefined && body.kind !== 'TokenRequest') {
    throw statusErrors.badRequest(
      `the kind in the data (${String(
        body.kind,
      )}) does not match the expected kind (TokenRequest)`,
    );
  }
  const spec = isPlainObject(body.spec) ? body.spec : {};
  const raw = spec.expirationSeconds ?? DEFAULT_TOKEN_EXPIRATION_SECONDS;
  if (typeof raw !== 'number' || !Number.isInteger(raw)) {
    throw statusErrors.badRequest(
      `TokenRequest in version "v1" cannot be handled as a TokenRequest: json: cannot unmarshal ${typeof raw} into Go struct field TokenRequestSpec.spec.expirationSeconds of type int64`,
    );
  }
  if (raw < MIN_TOKEN_EXPIRATION_SECONDS) {
    throw statusErrors.invalid(TOKEN_REQUEST, '', [
      {
        type: 'Invalid',
        field: 'spec.expirationSeconds',
        value: raw,
        detail: 'may not specify a duration less than 10 minutes',
      },
    ]);
  }
  if (raw > 2 ** 32) {
    throw statusErrors.invalid(TOKEN_REQUEST, '', [
      {
        type: 'Invalid',
        field: 'spec.expirationSeconds',
        value: raw,
        detail: 'may not specify a duration larger than 2^32 seconds',
      },
    ]);
  }
  const audiences = Array.isArray(spec.audiences)
    ? spec.audiences.filter((a): a is string => typeof a === 'string')
    : [];
  return {
    expirationSeconds: Math.min(raw, MAX_TOKEN_EXPIRATION_SECONDS),
    audiences: audiences.length > 0 ? audiences : [DEFAULT_TOKEN_AUDIENCE],
  };
}

/**
 * Answers `POST .../serviceaccounts/{name}/token`: issues a token for the
 * ServiceAccount (404 when it does not exist) and returns the TokenRequest with
 * `status.token` and `status.expirationTimestamp`.
 */
export function issueServiceAccountToken(
  store: ObjectStore,
  clock: SandboxClock,
  namespace: string,
  name: string,
  body: unknown,
  dryRun: boolean,
): KubeObject {
  const sa = store.get(SERVICE_ACCOUNTS, namespace, name);
  if (!sa) throw statusErrors.notFound(SERVICE_ACCOUNTS, name);
  const { expirationSeconds, audiences } = readTokenRequest(body);
  const nowMs = clock.nowMs();
  const expiresAtMs = nowMs + expirationSeconds * 1000;
  const token = `sbx.${randomBytes(32).toString('base64url')}`;
  if (!dryRun) {
    store.addToken(
      {
        sha256: sha256(token),
        namespace,
        serviceAccountName: name,
        serviceAccountUid: String(sa.metadata.uid),
        audiences,
        issuedAtMs: nowMs,
        expiresAtMs,
      },
      nowMs,
    );
  }
  return {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    metadata: { name, namespace, creationTimestamp: kubeTime(nowMs) },
    spec: { audiences, expirationSeconds, boundObjectRef: null },
    status: { token, expirationTimestamp: kubeTime(expiresAtMs) },
  };
}

/**
 * The ServiceAccount a token stands for, or undefined when it was never issued,
 * has expired on the sandbox clock, or its ServiceAccount is gone (or recreated).
 */
export function authenticateServiceAccountToken(
  store: ObjectStore,
  clock: SandboxClock,
  token: string,
): UserInfo | undefined {
  const issued = store.token(sha256(token));
  if (!issued || issued.expiresAtMs <= clock.nowMs()) return undefined;
  const sa = store.get(
    SERVICE_ACCOUNTS,
    issued.namespace,
    issued.serviceAccountName,
  );
  if (!sa || sa.metadata.uid !== issued.serviceAccountUid) return undefined;
  if (issued.secret) {
    // A legacy token is valid only while its Secret exists and still holds it
    // (the real legacy validator: "Token does not match server's copy").
    const secret = store.get(SECRETS, issued.namespace, issued.secret.name);
    const held = isPlainObject(secret?.data) ? secret!.data.token : undefined;
    if (
      !secret ||
      secret.metadata.uid !== issued.secret.uid ||
      held !== Buffer.from(token, 'utf8').toString('base64')
    ) {
      return undefined;
    }
  }
  return {
    username: `system:serviceaccount:${issued.namespace}:${issued.serviceAccountName}`,
    uid: issued.serviceAccountUid,
    groups: [
      'system:serviceaccounts',
      `system:serviceaccounts:${issued.namespace}`,
      'system:authenticated',
    ],
  };
}
