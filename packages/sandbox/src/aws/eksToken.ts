import { SignatureV4 } from '@smithy/signature-v4';
import { SandboxClock } from '../clock';
import { AwsPrincipal, SandboxCredential } from '../types';
import { IdentityStore } from './identities';
import { NodeSha256 } from './sha256';
import {
  MAX_CLOCK_SKEW_MS,
  parseAmzDate,
  parseQueryString,
  uriEscape,
  verifySigV4,
} from './sigv4';

/**
 * EKS bearer tokens: `k8s-aws-v1.` + base64url (no padding) of an STS
 * GetCallerIdentity URL presigned with the signed header
 * `x-k8s-aws-id: <cluster name>`. EKS proves the caller's identity by having
 * STS check that presigned URL; the sandbox checks the signature itself.
 */

/** The prefix of every EKS token. */
export const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';
/** EKS accepts a token for at most 15 minutes after it was signed. */
export const EKS_TOKEN_MAX_SECONDS = 900;
const CLUSTER_ID_HEADER = 'x-k8s-aws-id';
/** Presigns for 60 s like aws-iam-authenticator and `aws eks get-token`. */
const DEFAULT_PRESIGN_SECONDS = 60;
/** Real tokens are ~1.5 KiB (a few more with a session token); refuse anything huge before decoding it. */
const MAX_TOKEN_LENGTH = 16 * 1024;
/** Like aws-iam-authenticator, only the parameters of a GetCallerIdentity presign are allowed. */
const ALLOWED_PARAMETERS = new Set([
  'action',
  'version',
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-date',
  'x-amz-expires',
  'x-amz-security-token',
  'x-amz-signature',
  'x-amz-signedheaders',
]);

/** What token verification needs of the sandbox. */
export interface EksTokenContext {
  identities: IdentityStore;
  clock: SandboxClock;
  /** The sandbox's STS endpoint (`http://127.0.0.1:<port>`): tokens must be presigned for its host. */
  stsEndpoint: string;
}

/** The outcome of {@link verifyEksToken}: the principal, or why the token was refused. */
export type EksTokenVerification =
  | { ok: true; principal: AwsPrincipal }
  | { ok: false; reason: string };

function refuse(reason: string): EksTokenVerification {
  return { ok: false, reason };
}

/**
 * Verifies an EKS token for one cluster. The `x-k8s-aws-id` header is not in
 * the URL, so the signature is checked assuming it names `clusterName`: a
 * token made for another cluster fails the signature check.
 */
export function verifyEksToken(
  token: string,
  clusterName: string,
  ctx: EksTokenContext,
): EksTokenVerification {
  if (!token.startsWith(EKS_TOKEN_PREFIX)) {
    return refuse(`the token does not start with ${EKS_TOKEN_PREFIX}`);
  }
  const encoded = token.slice(EKS_TOKEN_PREFIX.length);
  if (encoded.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(encoded)) {
    return refuse('the token is not base64url without padding');
  }
  const url = Buffer.from(encoded, 'base64url').toString('utf8');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return refuse('the token does not hold a URL');
  }
  const stsHost = new URL(ctx.stsEndpoint).host;
  if (
    !['http:', 'https:'].includes(parsed.protocol) ||
    parsed.host !== stsHost ||
    parsed.pathname !== '/' ||
    parsed.username ||
    parsed.password ||
    parsed.hash
  ) {
    return refuse(
      `the token is not a URL of the sandbox STS endpoint ${stsHost}`,
    );
  }
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return refuse('the token URL has no query');
  const rawQuery = url.slice(queryStart + 1);
  const params = new Map<string, string>();
  for (const [key, value] of parseQueryString(rawQuery)) {
    const name = key.toLowerCase();
    if (!ALLOWED_PARAMETERS.has(name)) {
      return refuse(`the token has the unexpected query parameter ${key}`);
    }
    if (params.has(name)) {
      return refuse(`the token repeats the query parameter ${key}`);
    }
    params.set(name, value);
  }
  if (
    params.get('action') !== 'GetCallerIdentity' ||
    params.get('version') !== '2011-06-15'
  ) {
    return refuse('the token is not an STS GetCallerIdentity request');
  }
  const signedHeaders = (params.get('x-amz-signedheaders') ?? '').split(';');
  if (!signedHeaders.includes(CLUSTER_ID_HEADER)) {
    return refuse(`the token's signature does not cover ${CLUSTER_ID_HEADER}`);
  }
  if (signedHeaders.some(h => h !== 'host' && h !== CLUSTER_ID_HEADER)) {
    return refuse('the token signs headers a URL cannot carry');
  }

  // EKS's own window: X-Amz-Expires is honoured up to 15 minutes; 0 (which
  // some signers send) means EKS's default of 15 minutes.
  const signedAtMs = parseAmzDate(params.get('x-amz-date') ?? '');
  const expiresParam = params.get('x-amz-expires') ?? '';
  if (signedAtMs === undefined || !/^\d+$/.test(expiresParam)) {
    return refuse('the token has no valid X-Amz-Date and X-Amz-Expires');
  }
  const expires = Number(expiresParam);
  if (expires > EKS_TOKEN_MAX_SECONDS) {
    return refuse(
      `X-Amz-Expires ${expires} is larger than EKS's ${EKS_TOKEN_MAX_SECONDS} s`,
    );
  }
  const nowMs = ctx.clock.nowMs();
  const lifetimeMs = (expires === 0 ? EKS_TOKEN_MAX_SECONDS : expires) * 1000;
  if (nowMs > signedAtMs + lifetimeMs) {
    return refuse('the token has expired');
  }
  if (signedAtMs > nowMs + MAX_CLOCK_SKEW_MS) {
    return refuse('the token is signed in the future');
  }

  const result = verifySigV4(
    {
      method: 'GET',
      path: '/',
      query: rawQuery,
      headers: { host: parsed.host, [CLUSTER_ID_HEADER]: clusterName },
      body: '',
    },
    {
      service: 'sts',
      findCredential: id => ctx.identities.findCredential(id),
      nowMs,
      checkRequestTime: false,
    },
  );
  if (!result.ok) {
    return refuse(
      result.failure.kind === 'signatureMismatch'
        ? `the token is not signed for cluster ${clusterName}, or was altered`
        : result.failure.message,
    );
  }
  return {
    ok: true,
    principal: ctx.identities.principalOf(result.credential),
  };
}

/**
 * Signs an EKS token for a cluster with a sandbox credential, presigned at
 * the sandbox clock's now for the sandbox STS endpoint, as aws-iam-authenticator
 * would for real STS. The token is a credential: never log it.
 */
export async function signEksToken(
  credential: SandboxCredential,
  clusterName: string,
  stsEndpoint: string,
  clock: SandboxClock,
  options: { expiresSeconds?: number; region?: string } = {},
): Promise<string> {
  const endpoint = new URL(stsEndpoint);
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: credential.accessKeyId,
      secretAccessKey: credential.secretAccessKey,
      sessionToken: credential.sessionToken,
    },
    region: options.region ?? 'us-east-1',
    service: 'sts',
    sha256: NodeSha256,
  });
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: endpoint.protocol,
      hostname: endpoint.hostname,
      port: endpoint.port ? Number(endpoint.port) : undefined,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: endpoint.host, [CLUSTER_ID_HEADER]: clusterName },
    },
    {
      expiresIn: options.expiresSeconds ?? DEFAULT_PRESIGN_SECONDS,
      signingDate: clock.now(),
    },
  );
  const query = Object.entries(signed.query ?? {})
    .map(([key, value]) => `${uriEscape(key)}=${uriEscape(String(value))}`)
    .join('&');
  const url = `${endpoint.protocol}//${endpoint.host}/?${query}`;
  return EKS_TOKEN_PREFIX + Buffer.from(url).toString('base64url');
}
