/**
 * A sandbox Kubernetes API server for tests, with an admin token and
 * kubeconfigs for the real `@kubernetes/client-node`.
 */
import { ApiException, KubeConfig } from '@kubernetes/client-node';
import { SandboxClock } from '../../clock';
import {
  CertificateAndKey,
  createCertificateAuthority,
  issueServerCertificate,
} from '../../tls/certificates';
import { KubeObject } from '../../types';
import { createKubernetesApiServer, KubernetesApiServer } from '..';

export const TEST_CLUSTER = 'ml-test';
export const TEST_ADMIN_TOKEN = 'sandbox-admin-token';

export interface TestCluster {
  server: KubernetesApiServer;
  ca: CertificateAndKey;
  clock: SandboxClock;
  url: string;
  kubeConfig(token?: string): KubeConfig;
  close(): Promise<void>;
}

let ca: CertificateAndKey | undefined;
let tls: CertificateAndKey | undefined;

/** Starts a cluster with these namespaces (and what else is given). */
export async function startTestCluster(
  namespaces: Array<string | { name: string; labels?: Record<string, string> }>,
  objects: KubeObject[] = [],
): Promise<TestCluster> {
  ca ??= createCertificateAuthority(`${TEST_CLUSTER}-ca`);
  tls ??= issueServerCertificate(ca, TEST_CLUSTER);
  const clock = new SandboxClock();
  const server = createKubernetesApiServer({
    clusterName: TEST_CLUSTER,
    clock,
    tls,
    caCert: ca.cert,
    adminToken: TEST_ADMIN_TOKEN,
    eks: {
      verifyToken: async () => undefined,
      accessEntry: () => undefined,
      clusterCreatorArn: () => '',
    },
    initialObjects: [
      ...namespaces.map(n => {
        const { name, labels } =
          typeof n === 'string' ? { name: n, labels: undefined } : n;
        return {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name, ...(labels ? { labels } : {}) },
        };
      }),
      ...objects,
    ],
  });
  const port = await server.listen(0);
  const url = `https://127.0.0.1:${port}`;
  const theCa = ca;
  return {
    server,
    ca: theCa,
    clock,
    url,
    kubeConfig(token = TEST_ADMIN_TOKEN) {
      const kc = new KubeConfig();
      kc.loadFromOptions({
        clusters: [
          {
            name: TEST_CLUSTER,
            server: url,
            caData: Buffer.from(theCa.cert).toString('base64'),
            skipTLSVerify: false,
          },
        ],
        users: [{ name: 'user', token }],
        contexts: [{ name: TEST_CLUSTER, cluster: TEST_CLUSTER, user: 'user' }],
        currentContext: TEST_CLUSTER,
      });
      return kc;
    },
    close: () => server.close(),
  };
}

/** The status code and parsed Status body of a request the client reports as failed. */
export async function failure(
  promise: Promise<unknown>,
): Promise<{ code: number; body: any }> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof ApiException) {
      const text = (e as ApiException<unknown>).body;
      return {
        code: e.code,
        body: typeof text === 'string' && text ? JSON.parse(text) : text,
      };
    }
    throw e;
  }
  throw new Error('expected the request to fail');
}
