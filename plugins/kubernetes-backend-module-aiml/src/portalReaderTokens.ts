import { CoreV1Api } from '@kubernetes/client-node';
import {
  BROKER_NAMESPACE,
  PORTAL_READER_SERVICE_ACCOUNT,
} from '@eks-aiml/plugin-aiml-common';
import {
  AimlClock,
  AimlClusterRegistry,
  makeKubernetesApi,
} from '@eks-aiml/plugin-aiml-node';

/**
 * Lifetime asked of each reader token: Kubernetes' minimum for a TokenRequest (10 minutes).
 *
 * @public
 */
export const PORTAL_READER_TOKEN_SECONDS = 600;

/** A cached token is renewed once less than this is left of it. */
const RENEW_BEFORE_MS = 3 * 60_000;

/**
 * A short-lived token of one cluster's portal reader.
 *
 * @public
 */
export interface PortalReaderToken {
  token: string;
  /** Expiry, in ms since the epoch, on the backend's clock (the sandbox's in sandbox mode). */
  expiresAtMs: number;
}

/**
 * Where a reader token comes from: a TokenRequest for the ServiceAccount
 * `aiml-access/aiml-portal-reader`, made with the backend's own identity (the bundle's
 * broker Role in `aiml-access` allows `serviceaccounts/token` create there). Tests may
 * replace it.
 *
 * @public
 */
export type PortalReaderTokenSource = (
  cluster: string,
) => Promise<PortalReaderToken>;

/**
 * The TokenRequest source: asks the cluster for a token of the portal reader.
 *
 * @public
 */
export function tokenRequestSource(
  registry: AimlClusterRegistry,
  clock: AimlClock,
): PortalReaderTokenSource {
  return async cluster => {
    const core = makeKubernetesApi(
      await registry.getBackendKubeConfig(cluster),
      CoreV1Api,
    );
    const answer = await core.createNamespacedServiceAccountToken({
      name: PORTAL_READER_SERVICE_ACCOUNT,
      namespace: BROKER_NAMESPACE,
      body: {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        metadata: {},
        spec: {
          audiences: [],
          expirationSeconds: PORTAL_READER_TOKEN_SECONDS,
        },
      },
    });
    const token = answer.status?.token;
    if (!token) {
      throw new Error(
        `the TokenRequest for ${BROKER_NAMESPACE}/${PORTAL_READER_SERVICE_ACCOUNT} on ${cluster} returned no token`,
      );
    }
    const expiry = answer.status?.expirationTimestamp;
    const expiresAtMs = expiry
      ? new Date(expiry).getTime()
      : clock.nowMs() + PORTAL_READER_TOKEN_SECONDS * 1000;
    return { token, expiresAtMs };
  };
}

/**
 * Tokens of the portal's read-only identity, the ServiceAccount
 * `aiml-access/aiml-portal-reader` (cluster bootstrap bundle), one per cluster: asked
 * for about 10 minutes, cached, renewed a few minutes before they expire, one request
 * at a time per cluster. The Kubernetes tab reads with these, never with the backend's
 * own (broker) identity: the reader is bound to the product's view role in managed
 * team namespaces only, so it reads no Secret, writes nothing and sees nothing
 * elsewhere, whatever the portal asks of it.
 *
 * @public
 */
export class PortalReaderTokens {
  private readonly cached = new Map<string, PortalReaderToken>();
  private readonly inFlight = new Map<string, Promise<PortalReaderToken>>();

  constructor(
    private readonly source: PortalReaderTokenSource,
    private readonly clock: AimlClock,
  ) {}

  /** A valid token of the reader on a cluster, from the cache while it has minutes left. */
  async token(cluster: string): Promise<string> {
    const cached = this.cached.get(cluster);
    if (cached && cached.expiresAtMs - this.clock.nowMs() > RENEW_BEFORE_MS) {
      return cached.token;
    }
    let pending = this.inFlight.get(cluster);
    if (!pending) {
      pending = this.source(cluster)
        .then(fresh => {
          this.cached.set(cluster, fresh);
          return fresh;
        })
        .finally(() => this.inFlight.delete(cluster));
      this.inFlight.set(cluster, pending);
    }
    return (await pending).token;
  }

  /** Forgets a cluster's token (e.g. after the cluster answered 401 to it). */
  forget(cluster: string): void {
    this.cached.delete(cluster);
  }
}
