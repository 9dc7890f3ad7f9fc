import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity } from '@smithy/types';

/** EKS accepts tokens for at most 15 minutes; we presign for 60 s like aws-iam-authenticator. */
const PRESIGN_SECONDS = 60;
const TOKEN_PREFIX = 'k8s-aws-v1.';

/**
 * A bearer token for an EKS cluster's Kubernetes API, with when it stops working.
 *
 * @public
 */
export interface EksToken {
  token: string;
  expiresAtMs: number;
}

/**
 * The regional STS endpoint, where EKS verifies tokens.
 *
 * @public
 */
export function defaultStsEndpoint(region: string): string {
  return `https://sts.${region}.amazonaws.com`;
}

/**
 * Signs an EKS bearer token: `k8s-aws-v1.` + base64url of an STS GetCallerIdentity
 * URL presigned with the signed header `x-k8s-aws-id: <cluster>`, so the token is
 * only good for that cluster. The token is a credential: never log it.
 *
 * @public
 */
export async function signEksToken(options: {
  clusterName: string;
  region: string;
  credentials: AwsCredentialIdentity;
  stsEndpoint?: string;
  nowMs?: number;
}): Promise<EksToken> {
  const endpoint = new URL(
    options.stsEndpoint ?? defaultStsEndpoint(options.region),
  );
  const signer = new SignatureV4({
    credentials: options.credentials,
    region: options.region,
    service: 'sts',
    sha256: Sha256,
  });
  const nowMs = options.nowMs ?? Date.now();
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: endpoint.protocol,
      hostname: endpoint.hostname,
      port: endpoint.port ? Number(endpoint.port) : undefined,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: endpoint.host, 'x-k8s-aws-id': options.clusterName },
    },
    { expiresIn: PRESIGN_SECONDS, signingDate: new Date(nowMs) },
  );
  const query = Object.entries(signed.query ?? {})
    .map(
      ([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`,
    )
    .join('&');
  const url = `${endpoint.protocol}//${endpoint.host}/?${query}`;
  return {
    token: TOKEN_PREFIX + Buffer.from(url).toString('base64url'),
    expiresAtMs: nowMs + PRESIGN_SECONDS * 1000,
  };
}
