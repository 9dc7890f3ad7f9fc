import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { ClusterMetricsConfig } from '@eks-aiml/plugin-aiml-node';
import type { PrometheusAuth } from './prometheusClient';

/** Amazon Managed Service for Prometheus signs as `aps`. */
const AMP_SIGNING_NAME = 'aps';

/**
 * Signs each request with AWS Signature Version 4 for Amazon Managed Prometheus: the
 * headers to add (`authorization`, `x-amz-date`, `x-amz-content-sha256`, and
 * `x-amz-security-token` with temporary credentials). `host` is signed but left for
 * fetch to send, as it sends the same value.
 *
 * @public
 */
export function sigV4Auth(options: {
  region: string;
  credentials: AwsCredentialIdentityProvider;
}): PrometheusAuth {
  const signer = new SignatureV4({
    credentials: options.credentials,
    region: options.region,
    service: AMP_SIGNING_NAME,
    sha256: Sha256,
  });
  return async request => {
    const { url } = request;
    const signed = await signer.sign({
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...request.headers, host: url.host },
      body: request.body,
    });
    const { host: _host, ...headers } = signed.headers;
    return headers;
  };
}

/**
 * The authentication of a cluster's metrics config: none, a bearer token, or SigV4
 * with the cluster's AWS credentials (the default chain, or its `assumeRole`).
 *
 * @public
 */
export function prometheusAuth(
  auth: ClusterMetricsConfig['auth'],
  credentials: () => AwsCredentialIdentityProvider,
): PrometheusAuth {
  switch (auth.type) {
    case 'bearer': {
      const header = { authorization: `Bearer ${auth.token}` };
      return async () => header;
    }
    case 'sigv4':
      return sigV4Auth({ region: auth.region, credentials: credentials() });
    default:
      return async () => ({});
  }
}
