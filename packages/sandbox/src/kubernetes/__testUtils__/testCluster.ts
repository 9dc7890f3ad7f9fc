/**
 * A sandbox Kubernetes API server for tests, with an admin token and
 * kubeconfigs for the real `@kubernetes/client-node`.
 */
import https from 'node:https';
import { IncomingHttpHeaders } from 'node:http';
import { ApiException, KubeConfig } from '@kubernetes/client-node';
import { SandboxClock } from '../../clock';
import {
  CertificateAndKey,
  createCertificateAuthority,
  issueServerCertificate,
} from '../../tls/certificates';
import { KubeObject } from '../../types';
import {
  createKubernetesApiServer,
  KubernetesApiServer,
  KubernetesApiServerOptions,
} from '..';

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
  options: Pick<KubernetesApiServerOptions, 'onRequest'> = {},
): Promise<TestCluster> {
  ca ??= createCertificateAuthority(`${TEST_CLUSTER}-ca`);
  tls ??= issueServerCertificate(ca, TEST_CLUSTER);
  const clock = new SandboxClock();
  const server = createKubernetesApiServer({
    ...options,
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

/** A raw HTTPS request as the cluster admin, for what typed clients will not send or show. */
export function rawRequest(
  cluster: TestCluster,
  method: string,
  path: string,
  options: { body?: string; headers?: Record<string, string> } = {},
): Promise<{
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  json: () => any;
}> {
  const url = new URL(cluster.url);
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        ca: cluster.ca.cert,
        headers: {
          authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
          ...options.headers,
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            json: () => JSON.parse(body),
          });
        });
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}
