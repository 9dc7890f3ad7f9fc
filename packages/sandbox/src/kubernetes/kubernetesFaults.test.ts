import https from 'node:https';
import {
  ApiException,
  CoreV1Api,
  KubeConfig,
  RbacAuthorizationV1Api,
} from '@kubernetes/client-node';
import { SandboxClock } from '../clock';
import {
  createCertificateAuthority,
  issueServerCertificate,
} from '../tls/certificates';
import {
  createKubernetesApiServer,
  KubernetesApiServer,
  KubernetesFault,
  KubernetesRequestInfo,
} from './server';

const CLUSTER = 'ml-faulty';
const ADMIN_TOKEN = 'faulty-admin-token';

describe('the Kubernetes API server fault injection', () => {
  const ca = createCertificateAuthority(`${CLUSTER}-ca`);
  let server: KubernetesApiServer;
  let core: CoreV1Api;
  let rbac: RbacAuthorizationV1Api;
  let port: number;
  const seen: KubernetesRequestInfo[] = [];
  let fault: (r: KubernetesRequestInfo) => KubernetesFault | undefined = () =>
    undefined;

  beforeAll(async () => {
    server = createKubernetesApiServer({
      clusterName: CLUSTER,
      clock: new SandboxClock(),
      tls: issueServerCertificate(ca, CLUSTER),
      adminToken: ADMIN_TOKEN,
      eks: {
        verifyToken: async () => undefined,
        accessEntry: () => undefined,
        clusterCreatorArn: () => 'arn:aws:iam::111122223333:role/creator',
      },
      initialObjects: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } },
      ],
      fault: r => {
        seen.push(r);
        return fault(r);
      },
    });
    port = await server.listen(0);
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: CLUSTER,
          server: `https://127.0.0.1:${port}`,
          caData: Buffer.from(ca.cert).toString('base64'),
        },
      ],
      users: [{ name: 'admin', token: ADMIN_TOKEN }],
      contexts: [{ name: CLUSTER, cluster: CLUSTER, user: 'admin' }],
      currentContext: CLUSTER,
    });
    core = kc.makeApiClient(CoreV1Api);
    rbac = kc.makeApiClient(RbacAuthorizationV1Api);
  });

  afterAll(() => server.close());

  beforeEach(() => {
    seen.length = 0;
    fault = () => undefined;
  });

  const account = (name: string) => ({
    namespace: 'team-a',
    body: { metadata: { name } },
  });
  const exists = async (name: string) =>
    core.readNamespacedServiceAccount({ name, namespace: 'team-a' }).then(
      () => true,
      e => (e.code === 404 ? false : Promise.reject(e)),
    );
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected the request to fail');
      },
      (e: ApiException<string>) => ({ code: e.code, body: JSON.parse(e.body) }),
    );

  it('tells the fault what a request asks for', async () => {
    await core.createNamespacedServiceAccount(account('described'));
    expect(seen).toEqual([
      {
        method: 'POST',
        path: '/api/v1/namespaces/team-a/serviceaccounts',
        verb: 'create',
        resource: 'serviceaccounts',
        namespace: 'team-a',
        subresource: undefined,
        name: undefined,
      },
    ]);
  });

  it('answers an injected conflict as a Status, before applying the request', async () => {
    fault = r =>
      r.verb === 'create'
        ? { status: { code: 409, reason: 'AlreadyExists' } }
        : undefined;
    expect(
      await failure(core.createNamespacedServiceAccount(account('phantom'))),
    ).toEqual({
      code: 409,
      body: expect.objectContaining({
        kind: 'Status',
        status: 'Failure',
        reason: 'AlreadyExists',
        code: 409,
        details: { kind: 'serviceaccounts' },
      }),
    });
    expect(await exists('phantom')).toBe(false);
  });

  it('can serve a request and still answer an error, as a lost answer', async () => {
    fault = r =>
      r.verb === 'create' && r.resource === 'rolebindings'
        ? {
            status: { code: 500, reason: 'InternalError' },
            afterApplying: true,
          }
        : undefined;
    const binding = {
      metadata: { name: 'applied' },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'view',
      },
      subjects: [{ kind: 'ServiceAccount', name: 'x', namespace: 'team-a' }],
    };
    expect(
      await failure(
        rbac.createNamespacedRoleBinding({
          namespace: 'team-a',
          body: binding,
        }),
      ),
    ).toMatchObject({ code: 500, body: { reason: 'InternalError' } });
    const live = await rbac.readNamespacedRoleBinding({
      name: 'applied',
      namespace: 'team-a',
    });
    expect(live.roleRef.name).toBe('view');
  });

  it('slows down and drops answers', async () => {
    fault = r => (r.verb === 'create' ? { delayMs: 300 } : undefined);
    const started = Date.now();
    await core.createNamespacedServiceAccount(account('slow'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);

    fault = () => ({ drop: true });
    await expect(
      core.readNamespacedServiceAccount({ name: 'slow', namespace: 'team-a' }),
    ).rejects.toThrow();
  });

  it('leaves unauthenticated requests alone: they are refused, not faulted', async () => {
    fault = () => ({ status: { code: 500, reason: 'InternalError' } });
    const res = await new Promise<number>((resolve, reject) => {
      const req = https.request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/v1/namespaces',
          ca: ca.cert,
        },
        r => {
          r.resume();
          resolve(r.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(res).toBe(401);
    expect(seen).toEqual([]);
  });
});
