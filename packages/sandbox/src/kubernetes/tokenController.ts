/**
 * The legacy ServiceAccount token controller: a Secret of type
 * `kubernetes.io/service-account-token` naming a ServiceAccount gets a token
 * that never expires, with the namespace and the cluster CA. Such a token is
 * the long-lived credential a grant must never leave behind, so the sandbox
 * issues it as a real cluster does: it authenticates as the ServiceAccount
 * until the Secret or the ServiceAccount is deleted (tokens.ts checks both).
 */
import { randomBytes } from 'node:crypto';
import { SandboxClock } from '../clock';
import { KubeObject } from '../types';
import { isPlainObject, jsonClone } from './json';
import { ResourceRegistry } from './resources';
import { FieldError } from './status';
import { ObjectStore } from './store';
import { DEFAULT_TOKEN_AUDIENCE, sha256 } from './tokens';

export const SERVICE_ACCOUNT_TOKEN_TYPE = 'kubernetes.io/service-account-token';
export const SA_NAME_ANNOTATION = 'kubernetes.io/service-account.name';
export const SA_UID_ANNOTATION = 'kubernetes.io/service-account.uid';

function isTokenSecret(obj: KubeObject): boolean {
  return obj.kind === 'Secret' && obj.type === SERVICE_ACCOUNT_TOKEN_TYPE;
}

/** `ValidateSecret`: a token Secret must name its ServiceAccount. */
export function tokenSecretErrors(obj: KubeObject): FieldError[] {
  if (!isTokenSecret(obj)) return [];
  const name = obj.metadata.annotations?.[SA_NAME_ANNOTATION];
  return name
    ? []
    : [
        {
          type: 'Required',
          field: `metadata.annotations[${SA_NAME_ANNOTATION}]`,
        },
      ];
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/**
 * Runs the controller on a Secret just stored: fills in `data.token`,
 * `data.namespace`, `data['ca.crt']` and the uid annotation; deletes the Secret
 * when its ServiceAccount does not exist (or is another one of the same name),
 * as the real controller does. A token the client put in `data.token` is
 * replaced: only tokens the server issued authenticate.
 */
export function syncTokenSecret(
  store: ObjectStore,
  registry: ResourceRegistry,
  clock: SandboxClock,
  secret: KubeObject,
  caCert: string | undefined,
): void {
  if (!isTokenSecret(secret)) return;
  const namespace = secret.metadata.namespace!;
  const secrets = registry.byResource('', 'v1', 'secrets')!;
  const serviceAccounts = registry.byResource('', 'v1', 'serviceaccounts')!;
  const saName = secret.metadata.annotations?.[SA_NAME_ANNOTATION] ?? '';
  const sa = store.get(serviceAccounts, namespace, saName);
  const wantedUid = secret.metadata.annotations?.[SA_UID_ANNOTATION];
  if (!sa || (wantedUid && wantedUid !== sa.metadata.uid)) {
    store.remove(secrets, namespace, secret.metadata.name);
    return;
  }
  const token = `sbx-legacy.${randomBytes(32).toString('base64url')}`;
  const nowMs = clock.nowMs();
  store.addToken(
    {
      sha256: sha256(token),
      namespace,
      serviceAccountName: saName,
      serviceAccountUid: String(sa.metadata.uid),
      audiences: [DEFAULT_TOKEN_AUDIENCE],
      issuedAtMs: nowMs,
      expiresAtMs: Number.MAX_SAFE_INTEGER,
      secret: {
        name: secret.metadata.name,
        uid: String(secret.metadata.uid),
      },
    },
    nowMs,
  );
  const next = jsonClone(secret);
  next.metadata.annotations = {
    ...next.metadata.annotations,
    [SA_UID_ANNOTATION]: String(sa.metadata.uid),
  };
  next.data = {
    ...(isPlainObject(secret.data) ? secret.data : {}),
    token: b64(token),
    namespace: b64(namespace),
    ...(caCert ? { 'ca.crt': b64(caCert) } : {}),
  };
  next.metadata.resourceVersion = store.nextResourceVersion();
  store.write(next);
}

/** Deleting a ServiceAccount deletes its token Secrets (the controller's `syncServiceAccount`). */
export function deleteServiceAccountTokenSecrets(
  store: ObjectStore,
  registry: ResourceRegistry,
  serviceAccount: KubeObject,
): void {
  const secrets = registry.byResource('', 'v1', 'secrets')!;
  const namespace = serviceAccount.metadata.namespace;
  for (const s of store.list(secrets, namespace)) {
    if (!isTokenSecret(s)) continue;
    const ann = s.metadata.annotations ?? {};
    if (ann[SA_NAME_ANNOTATION] !== serviceAccount.metadata.name) continue;
    if (
      ann[SA_UID_ANNOTATION] &&
      ann[SA_UID_ANNOTATION] !== serviceAccount.metadata.uid
    ) {
      continue;
    }
    store.remove(secrets, namespace, s.metadata.name);
  }
}
