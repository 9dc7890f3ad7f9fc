import https from 'node:https';
import {
  ApiException,
  ApisApi,
  AppsV1Api,
  AuthenticationV1Api,
  AuthorizationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  setHeaderOptions,
  RbacAuthorizationV1Api,
  V1Deployment,
  VersionApi,
} from '@kubernetes/client-node';
import { SandboxClock } from '../clock';
import {
  CertificateAndKey,
  createCertificateAuthority,
  issueServerCertificate,
} from '../tls/certificates';
import { AccessEntry, AwsPrincipal, EksAuthenticator } from '../types';
import { createKubernetesApiServer, KubernetesApiServer } from '.';

const CLUSTER = 'ml-test';
const ADMIN_TOKEN = 'sandbox-admin-token';
const ACCOUNT = '111122223333';

function rolePrincipal(role: string, session: string): AwsPrincipal {
  return {
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${session}`,
    account: ACCOUNT,
    userId: `AROAEXAMPLE${role.toUpperCase()}:${session}`,
    principalArn: `arn:aws:iam::${ACCOUNT}:role/${role}`,
    sessionName: session,
  };
}

/** A fake EKS side: tokens name their principal (`k8s-aws-v1.maya`). */
const PRINCIPALS: Record<string, AwsPrincipal> = {
  'k8s-aws-v1.maya': rolePrincipal('MLResearcher', 'maya@example.com'),
  'k8s-aws-v1.creator': rolePrincipal('PlatformAdmin', 'ops'),
  'k8s-aws-v1.stranger': rolePrincipal('Nobody', 'who'),
  'k8s-aws-v1.broken': rolePrincipal('Broken', 'bug'),
};

const ENTRIES: Record<string, AccessEntry> = {
  [PRINCIPALS['k8s-aws-v1.maya'].principalArn]: {
    clusterName: CLUSTER,
    principalArn: PRINCIPALS['k8s-aws-v1.maya'].principalArn,
    username: 'sso:{{SessionName}}@{{AccountID}}',
    kubernetesGroups: ['ml-researchers'],
    type: 'STANDARD',
    tags: {},
    createdAtMs: 0,
    modifiedAtMs: 0,
    policies: [
      {
        policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy',
        accessScope: { type: 'namespace', namespaces: ['ml-research'] },
        associatedAtMs: 0,
        modifiedAtMs: 0,
      },
    ],
  },
};

const eks: EksAuthenticator = {
  verifyToken: async (token, clusterName) =>
    clusterName === CLUSTER ? PRINCIPALS[token] : undefined,
  accessEntry: (_cluster, arn) => {
    if (arn === PRINCIPALS['k8s-aws-v1.broken'].principalArn) {
      throw new Error('access entry lookup failed');
    }
    return ENTRIES[arn];
  },
  clusterCreatorArn: () => PRINCIPALS['k8s-aws-v1.creator'].principalArn,
};

let ca: CertificateAndKey;
let tls: CertificateAndKey;
let clock: SandboxClock;
let server: KubernetesApiServer;
let port: number;

beforeAll(() => {
  ca = createCertificateAuthority(`${CLUSTER}-ca`);
  tls = issueServerCertificate(ca, CLUSTER);
});

beforeEach(async () => {
  clock = new SandboxClock();
  server = createKubernetesApiServer({
    clusterName: CLUSTER,
    clock,
    tls,
    adminToken: ADMIN_TOKEN,
    eks,
    initialObjects: [
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'default' },
      },
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'ml-research' },
      },
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'ip-10-0-1-10.ec2.internal' },
      },
    ],
  });
  port = await server.listen(0);
});

afterEach(async () => {
  await server.close();
});

function kubeConfig(token: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: CLUSTER,
        server: `https://127.0.0.1:${port}`,
        caData: Buffer.from(ca.cert).toString('base64'),
        skipTLSVerify: false,
      },
    ],
    users: [{ name: 'user', token }],
    contexts: [{ name: CLUSTER, cluster: CLUSTER, user: 'user' }],
    currentContext: CLUSTER,
  });
  return kc;
}

const admin = () => kubeConfig(ADMIN_TOKEN);
const core = (token = ADMIN_TOKEN) =>
  kubeConfig(token).makeApiClient(CoreV1Api);

/** The status code and parsed Status body of a request the client reports as failed. */
async function failure(
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

/** A raw HTTPS request, for what the typed client will not send. */
function raw(
  method: string,
  path: string,
  options: { body?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: string; json: () => any }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        ca: ca.cert,
        headers: {
          authorization: `Bearer ${ADMIN_TOKEN}`,
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

async function createNamespace(name: string) {
  await core().createNamespace({ body: { metadata: { name } } });
}

function pod(name: string, labels: Record<string, string> = {}) {
  return {
    metadata: { name, labels },
    spec: { containers: [{ name: 'main', image: 'python:3.11' }] },
  };
}

describe('the sandbox Kubernetes API server', () => {
  it('serves discovery like an EKS cluster', async () => {
    const version = await admin().makeApiClient(VersionApi).getCode();
    expect(version.gitVersion).toMatch(/^v1\.31\.\d+-eks-/);
    const v1 = await core().getAPIResources();
    expect(v1.resources.map(r => r.name)).toEqual(
      expect.arrayContaining(['pods', 'namespaces', 'serviceaccounts/token']),
    );
    const groups = await admin().makeApiClient(ApisApi).getAPIVersions();
    expect(groups.groups.map(g => g.name)).toEqual(
      expect.arrayContaining([
        'apps',
        'batch',
        'rbac.authorization.k8s.io',
        'ray.io',
        'kubeflow.org',
        'karpenter.sh',
        's3.services.k8s.aws',
      ]),
    );
    const ray = await raw('GET', '/apis/ray.io/v1');
    expect(ray.json()).toMatchObject({
      kind: 'APIResourceList',
      groupVersion: 'ray.io/v1',
    });
    expect(
      (await raw('GET', '/healthz', { headers: { authorization: '' } })).body,
    ).toBe('ok');
    expect((await raw('GET', '/readyz')).body).toBe('ok');
  });

  it('creates, reads, updates, patches and deletes objects with server-managed metadata', async () => {
    const api = core();
    const created = await api.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'settings' }, data: { a: '1' } },
    });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata?.generation).toBe(1);
    expect(created.metadata?.creationTimestamp?.toISOString()).toBe(
      new Date(Math.floor(clock.nowMs() / 1000) * 1000).toISOString(),
    );
    expect(created.metadata?.managedFields?.[0]).toMatchObject({
      operation: 'Update',
      fieldsType: 'FieldsV1',
    });
    const read = await api.readNamespacedConfigMap({
      name: 'settings',
      namespace: 'default',
    });
    expect(read.data).toEqual({ a: '1' });

    const replaced = await api.replaceNamespacedConfigMap({
      name: 'settings',
      namespace: 'default',
      body: { ...read, data: { a: '2' } },
    });
    expect(Number(replaced.metadata?.resourceVersion)).toBeGreaterThan(
      Number(read.metadata?.resourceVersion),
    );
    // The generated client's PATCH is a JSON patch.
    const patched = await api.patchNamespacedConfigMap({
      name: 'settings',
      namespace: 'default',
      body: [{ op: 'add', path: '/data/b', value: 'x' }],
    });
    expect(patched.data).toEqual({ a: '2', b: 'x' });
    const merged = await admin()
      .makeApiClient(KubernetesObjectApi)
      .patch(
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'settings', namespace: 'default' },
          data: { a: null },
        } as any,
        undefined,
        undefined,
        undefined,
        undefined,
        PatchStrategy.MergePatch,
      );
    expect((merged as any).data).toEqual({ b: 'x' });

    // dryRun validates but stores nothing.
    await api.createNamespacedConfigMap({
      namespace: 'default',
      dryRun: 'All',
      body: { metadata: { name: 'ghost' } },
    });
    expect(
      (
        await failure(
          api.readNamespacedConfigMap({ name: 'ghost', namespace: 'default' }),
        )
      ).code,
    ).toBe(404);

    const deleted = await api.deleteNamespacedConfigMap({
      name: 'settings',
      namespace: 'default',
    });
    expect(deleted).toMatchObject({
      status: 'Success',
      details: { name: 'settings', kind: 'configmaps' },
    });
    const gone = await failure(
      api.readNamespacedConfigMap({ name: 'settings', namespace: 'default' }),
    );
    expect(gone.code).toBe(404);
  });

  it('lists with label and field selectors, in a namespace or across all', async () => {
    const api = core();
    await createNamespace('team-b');
    await api.createNamespacedPod({
      namespace: 'default',
      body: pod('web-1', { app: 'web', tier: 'cpu' }),
    });
    await api.createNamespacedPod({
      namespace: 'default',
      body: pod('trainer', { app: 'train', tier: 'gpu', gpu: 'a100' }),
    });
    await api.createNamespacedPod({ namespace: 'default', body: pod('loner') });
    await api.createNamespacedPod({
      namespace: 'team-b',
      body: pod('web-2', { app: 'web' }),
    });

    const names = async (labelSelector?: string, fieldSelector?: string) =>
      (
        await api.listNamespacedPod({
          namespace: 'default',
          labelSelector,
          fieldSelector,
        })
      ).items.map(p => p.metadata?.name);
    expect(await names('app=web')).toEqual(['web-1']);
    expect(await names('app!=web')).toEqual(['loner', 'trainer']);
    expect(await names('tier in (gpu,cpu)')).toEqual(['trainer', 'web-1']);
    expect(await names('tier notin (gpu)')).toEqual(['loner', 'web-1']);
    expect(await names('gpu')).toEqual(['trainer']);
    expect(await names('!gpu,app')).toEqual(['web-1']);
    expect(await names(undefined, 'metadata.name=loner')).toEqual(['loner']);
    expect(
      await names(undefined, 'status.phase=Pending,metadata.name!=loner'),
    ).toEqual(['trainer', 'web-1']);

    const all = await api.listPodForAllNamespaces({ labelSelector: 'app=web' });
    expect(
      all.items.map(p => `${p.metadata?.namespace}/${p.metadata?.name}`),
    ).toEqual(['default/web-1', 'team-b/web-2']);
    const bad = await failure(
      api.listNamespacedPod({ namespace: 'default', labelSelector: 'a in x' }),
    );
    expect(bad.code).toBe(400);
    expect(bad.body.reason).toBe('BadRequest');
    const badField = await failure(
      api.listNamespacedPod({
        namespace: 'default',
        fieldSelector: 'spec.foo=1',
      }),
    );
    expect(badField.body.message).toBe('field label not supported: spec.foo');
  });

  it('answers 404 NotFound for a missing object and a missing namespace', async () => {
    const missing = await failure(
      core().readNamespacedPod({ name: 'nope', namespace: 'default' }),
    );
    expect(missing.code).toBe(404);
    expect(missing.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods "nope" not found',
      reason: 'NotFound',
      details: { name: 'nope', kind: 'pods' },
      code: 404,
    });
    const noNamespace = await failure(
      core().createNamespacedConfigMap({
        namespace: 'ghost',
        body: { metadata: { name: 'x' } },
      }),
    );
    expect(noNamespace.code).toBe(404);
    expect(noNamespace.body.message).toBe('namespaces "ghost" not found');
    const deployment = await failure(
      admin()
        .makeApiClient(AppsV1Api)
        .readNamespacedDeployment({ name: 'web', namespace: 'default' }),
    );
    expect(deployment.body.message).toBe('deployments.apps "web" not found');
    expect(deployment.body.details).toEqual({
      name: 'web',
      group: 'apps',
      kind: 'deployments',
    });
  });

  it('answers 409 AlreadyExists for a duplicate', async () => {
    await core().createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'dup' } },
    });
    const dup = await failure(
      core().createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: 'dup' } },
      }),
    );
    expect(dup.code).toBe(409);
    expect(dup.body).toMatchObject({
      reason: 'AlreadyExists',
      message: 'configmaps "dup" already exists',
      details: { name: 'dup', kind: 'configmaps' },
    });
  });

  it('answers 409 Conflict for an update with a stale resourceVersion', async () => {
    const api = core();
    const v1 = await api.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'cfg' }, data: { a: '1' } },
    });
    await api.replaceNamespacedConfigMap({
      name: 'cfg',
      namespace: 'default',
      body: { ...v1, data: { a: '2' } },
    });
    const stale = await failure(
      api.replaceNamespacedConfigMap({
        name: 'cfg',
        namespace: 'default',
        body: { ...v1, data: { a: '3' } },
      }),
    );
    expect(stale.code).toBe(409);
    expect(stale.body).toMatchObject({
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on configmaps "cfg": the object has been modified; please apply your changes to the latest version and try again',
    });
  });

  it('server-side applies with field ownership: create, update, conflict, force', async () => {
    const objects = admin().makeApiClient(KubernetesObjectApi);
    const deployment = (
      replicas: number,
      labels: Record<string, string> = {},
    ): V1Deployment => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default', labels },
      spec: {
        replicas,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'nginx' }] },
        },
      },
    });
    const apply = (obj: V1Deployment, manager: string, force?: boolean) =>
      objects.patch(
        obj,
        undefined,
        undefined,
        manager,
        force,
        PatchStrategy.ServerSideApply,
      );

    const created = await apply(deployment(2, { team: 'a' }), 'alice');
    expect(created.spec?.replicas).toBe(2);
    expect(created.metadata?.managedFields).toEqual([
      expect.objectContaining({
        manager: 'alice',
        operation: 'Apply',
        fieldsType: 'FieldsV1',
      }),
    ]);
    const updated = await apply(deployment(3, { team: 'a' }), 'alice');
    expect(updated.spec?.replicas).toBe(3);
    expect(updated.metadata?.generation).toBe(2);

    // Same value: shared ownership, no conflict.
    await apply(deployment(3), 'bob');
    const conflict = await failure(apply(deployment(5), 'bob'));
    expect(conflict.code).toBe(409);
    expect(conflict.body).toMatchObject({
      reason: 'Conflict',
      message:
        'Apply failed with 1 conflict: conflict with "alice": .spec.replicas',
      details: {
        causes: [
          {
            reason: 'FieldManagerConflict',
            type: 'FieldManagerConflict',
            message: 'conflict with "alice"',
            field: '.spec.replicas',
          },
        ],
      },
    });

    const forced = await apply(deployment(5), 'bob', true);
    expect(forced.spec?.replicas).toBe(5);
    const owners = (manager: string) =>
      forced.metadata?.managedFields?.find(e => e.manager === manager)
        ?.fieldsV1 as any;
    expect(owners('bob')['f:spec']).toHaveProperty('f:replicas');
    expect(owners('alice')['f:spec']).not.toHaveProperty('f:replicas');
    // alice's label stays hers.
    expect(owners('alice')['f:metadata']['f:labels']).toHaveProperty('f:team');

    const back = await failure(apply(deployment(2, { team: 'a' }), 'alice'));
    expect(back.body.message).toBe(
      'Apply failed with 1 conflict: conflict with "bob": .spec.replicas',
    );

    // An update (not apply) takes fields over without conflict, and applies then conflict with it.
    await admin()
      .makeApiClient(AppsV1Api)
      .patchNamespacedDeployment({
        name: 'web',
        namespace: 'default',
        fieldManager: 'kubectl-scale',
        body: [{ op: 'replace', path: '/spec/replicas', value: 7 }],
      });
    const afterUpdate = await failure(apply(deployment(5), 'bob'));
    expect(afterUpdate.body.message).toMatch(
      /^Apply failed with 1 conflict: conflict with "kubectl-scale" using apps\/v1 at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ: \.spec\.replicas$/,
    );
  });

  it('refuses an apply without fieldManager as the real API server does (422 PatchOptions)', async () => {
    const res = await raw('PATCH', '/api/v1/namespaces/default/configmaps/x', {
      headers: { 'content-type': 'application/apply-patch+yaml' },
      body: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
    });
    expect(res.status).toBe(422);
    expect(res.json()).toMatchObject({
      reason: 'Invalid',
      message:
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      details: { group: 'meta.k8s.io', kind: 'PatchOptions' },
    });
    // With one, the YAML body creates the object.
    const ok = await raw(
      'PATCH',
      '/api/v1/namespaces/default/configmaps/x?fieldManager=me',
      {
        headers: { 'content-type': 'application/apply-patch+yaml' },
        body: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  k: v\n',
      },
    );
    expect(ok.status).toBe(201);
    expect(ok.json().data).toEqual({ k: 'v' });
  });

  it('answers 422 Invalid for a bad name, with the real message', async () => {
    const bad = await failure(
      core().createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: 'Bad_Name' } },
      }),
    );
    expect(bad.code).toBe(422);
    expect(bad.body.reason).toBe('Invalid');
    expect(bad.body.message).toBe(
      `ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    );
    expect(bad.body.details).toMatchObject({
      name: 'Bad_Name',
      kind: 'ConfigMap',
      causes: [{ reason: 'FieldValueInvalid', field: 'metadata.name' }],
    });
    const ns = await failure(
      core().createNamespace({ body: { metadata: { name: 'a.b' } } }),
    );
    expect(ns.body.message).toContain(
      `Namespace "a.b" is invalid: metadata.name: Invalid value: "a.b": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc'`,
    );
  });

  it('answers 400 BadRequest for malformed JSON and a kind that does not match the URL', async () => {
    const res = await raw('POST', '/api/v1/namespaces/default/configmaps', {
      headers: { 'content-type': 'application/json' },
      body: '{"metadata": {"name": ',
    });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'BadRequest',
      code: 400,
    });
    expect(res.json().message).toMatch(
      /^the object provided is unrecognized \(must be of type ConfigMap\): couldn't get version\/kind; json parse error: /,
    );
    const mismatch = await raw(
      'POST',
      '/api/v1/namespaces/default/configmaps',
      {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'x' },
        }),
      },
    );
    expect(mismatch.status).toBe(400);
    expect(mismatch.json().message).toBe(
      'the API version in the data (apps/v1) does not match the expected API version (v1)',
    );
  });

  it('answers 413 for a body over 3 MiB', async () => {
    const big = await failure(
      core().createNamespacedConfigMap({
        namespace: 'default',
        body: {
          metadata: { name: 'big' },
          data: { blob: 'x'.repeat(3.5 * 1024 * 1024) },
        },
      }),
    );
    expect(big.code).toBe(413);
    expect(big.body).toMatchObject({
      reason: 'RequestEntityTooLarge',
      message: 'Request entity too large: limit is 3145728',
    });
  });

  it('cascades a namespace deletion to everything in it', async () => {
    const api = core();
    await createNamespace('doomed');
    await api.createNamespacedPod({ namespace: 'doomed', body: pod('p') });
    await api.createNamespacedConfigMap({
      namespace: 'doomed',
      body: { metadata: { name: 'c' } },
    });
    // The ServiceAccount controller's `default` is there too.
    await api.readNamespacedServiceAccount({
      name: 'default',
      namespace: 'doomed',
    });
    const answer = await api.deleteNamespace({ name: 'doomed' });
    expect(answer).toMatchObject({
      kind: 'Namespace',
      status: { phase: 'Terminating' },
    });
    expect((await failure(api.readNamespace({ name: 'doomed' }))).code).toBe(
      404,
    );
    expect(
      (await api.listNamespacedPod({ namespace: 'doomed' })).items,
    ).toEqual([]);
    expect(
      (await api.listNamespacedConfigMap({ namespace: 'doomed' })).items,
    ).toEqual([]);
    expect(
      (
        await failure(
          api.readNamespacedServiceAccount({
            name: 'default',
            namespace: 'doomed',
          }),
        )
      ).code,
    ).toBe(404);
    const protectedNs = await failure(api.deleteNamespace({ name: 'default' }));
    expect(protectedNs.body).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message:
        'namespaces "default" is forbidden: this namespace may not be deleted',
    });
  });

  it('refuses a TokenRequest below 600 seconds', async () => {
    await core().createNamespacedServiceAccount({
      namespace: 'default',
      body: { metadata: { name: 'bot' } },
    });
    const short = await failure(
      core().createNamespacedServiceAccountToken({
        name: 'bot',
        namespace: 'default',
        body: { spec: { audiences: [], expirationSeconds: 599 } },
      }),
    );
    expect(short.code).toBe(422);
    expect(short.body).toMatchObject({
      reason: 'Invalid',
      message:
        'TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes',
    });
    const missing = await failure(
      core().createNamespacedServiceAccountToken({
        name: 'ghost',
        namespace: 'default',
        body: { spec: { audiences: [], expirationSeconds: 3600 } },
      }),
    );
    expect(missing.body.message).toBe('serviceaccounts "ghost" not found');
  });

  describe('with a ServiceAccount bound to edit in its namespace', () => {
    async function runnerToken(expirationSeconds = 3600): Promise<string> {
      await createNamespace('team-a');
      await createNamespace('team-b');
      await core().createNamespacedServiceAccount({
        namespace: 'team-a',
        body: { metadata: { name: 'runner' } },
      });
      await admin()
        .makeApiClient(RbacAuthorizationV1Api)
        .createNamespacedRoleBinding({
          namespace: 'team-a',
          body: {
            metadata: { name: 'runner-edit' },
            roleRef: {
              apiGroup: 'rbac.authorization.k8s.io',
              kind: 'ClusterRole',
              name: 'edit',
            },
            subjects: [
              { kind: 'ServiceAccount', name: 'runner', namespace: 'team-a' },
            ],
          },
        });
      const tr = await core().createNamespacedServiceAccountToken({
        name: 'runner',
        namespace: 'team-a',
        body: { spec: { audiences: [], expirationSeconds } },
      });
      expect(tr.status?.expirationTimestamp?.getTime()).toBe(
        Math.floor((clock.nowMs() + expirationSeconds * 1000) / 1000) * 1000,
      );
      return tr.status!.token;
    }
    const user = 'system:serviceaccount:team-a:runner';

    it('works in its namespace only, and not at cluster scope', async () => {
      const api = core(await runnerToken());
      await api.createNamespacedPod({
        namespace: 'team-a',
        body: pod('job-1'),
      });
      expect(
        (await api.listNamespacedPod({ namespace: 'team-a' })).items,
      ).toHaveLength(1);

      const other = await failure(
        api.listNamespacedPod({ namespace: 'team-b' }),
      );
      expect(other.code).toBe(403);
      expect(other.body).toMatchObject({
        reason: 'Forbidden',
        message: `pods is forbidden: User "${user}" cannot list resource "pods" in API group "" in the namespace "team-b"`,
        details: { kind: 'pods' },
      });
      const namespaces = await failure(api.listNamespace());
      expect(namespaces.body.message).toBe(
        `namespaces is forbidden: User "${user}" cannot list resource "namespaces" in API group "" at the cluster scope`,
      );
      const nodes = await failure(api.listNode());
      expect(nodes.code).toBe(403);
      expect(nodes.body.message).toContain(
        'cannot list resource "nodes" in API group "" at the cluster scope',
      );
      const secret = await failure(
        api.readNamespacedSecret({ name: 's', namespace: 'team-b' }),
      );
      expect(secret.body.message).toBe(
        `secrets "s" is forbidden: User "${user}" cannot get resource "secrets" in API group "" in the namespace "team-b"`,
      );
      const whoami = await kubeConfig(await runnerTokenAgain())
        .makeApiClient(AuthenticationV1Api)
        .createSelfSubjectReview({ body: {} });
      expect(whoami.status?.userInfo?.groups).toEqual([
        'system:serviceaccounts',
        'system:serviceaccounts:team-a',
        'system:authenticated',
      ]);
    });

    async function runnerTokenAgain(): Promise<string> {
      const tr = await core().createNamespacedServiceAccountToken({
        name: 'runner',
        namespace: 'team-a',
        body: { spec: { audiences: [], expirationSeconds: 600 } },
      });
      return tr.status!.token;
    }

    it('expires on the sandbox clock', async () => {
      const api = core(await runnerToken(600));
      await api.listNamespacedPod({ namespace: 'team-a' });
      clock.advance(601 * 1000);
      const expired = await failure(
        api.listNamespacedPod({ namespace: 'team-a' }),
      );
      expect(expired.code).toBe(401);
    });

    it('dies with its ServiceAccount', async () => {
      const token = await runnerToken();
      await core(token).listNamespacedPod({ namespace: 'team-a' });
      await core().deleteNamespacedServiceAccount({
        name: 'runner',
        namespace: 'team-a',
      });
      // Recreating the ServiceAccount does not revive the token: it is bound to the uid.
      await core().createNamespacedServiceAccount({
        namespace: 'team-a',
        body: { metadata: { name: 'runner' } },
      });
      expect(
        (await failure(core(token).listNamespacedPod({ namespace: 'team-a' })))
          .code,
      ).toBe(401);
    });
  });

  it('lets an access entry with a namespace-scoped View policy read there and nothing more', async () => {
    const api = core('k8s-aws-v1.maya');
    await core().createNamespacedPod({
      namespace: 'ml-research',
      body: pod('notebook'),
    });
    expect(
      (await api.listNamespacedPod({ namespace: 'ml-research' })).items,
    ).toHaveLength(1);
    const create = await failure(
      api.createNamespacedPod({ namespace: 'ml-research', body: pod('x') }),
    );
    expect(create.code).toBe(403);
    expect(create.body.message).toBe(
      `pods is forbidden: User "sso:maya@example.com@${ACCOUNT}" cannot create resource "pods" in API group "" in the namespace "ml-research"`,
    );
    expect(
      (await failure(api.listNamespacedPod({ namespace: 'default' }))).code,
    ).toBe(403);
    expect((await failure(api.listNamespace())).code).toBe(403);
    expect(
      (
        await failure(
          api.readNamespacedSecret({ name: 's', namespace: 'ml-research' }),
        )
      ).code,
    ).toBe(403);
    const canI = (verb: string, namespace: string) =>
      kubeConfig('k8s-aws-v1.maya')
        .makeApiClient(AuthorizationV1Api)
        .createSelfSubjectAccessReview({
          body: {
            spec: { resourceAttributes: { verb, resource: 'pods', namespace } },
          },
        });
    expect((await canI('list', 'ml-research')).status?.allowed).toBe(true);
    expect((await canI('delete', 'ml-research')).status?.allowed).toBe(false);
  });

  it('expands {{SessionName}} in an access entry username', async () => {
    const review = await kubeConfig('k8s-aws-v1.maya')
      .makeApiClient(AuthenticationV1Api)
      .createSelfSubjectReview({ body: {} });
    expect(review.status?.userInfo).toMatchObject({
      username: `sso:maya@example.com@${ACCOUNT}`,
      groups: ['ml-researchers', 'system:authenticated'],
    });
  });

  it('makes the cluster creator cluster-admin', async () => {
    const api = core('k8s-aws-v1.creator');
    expect((await api.listNode()).items).toHaveLength(1);
    await api.createNamespace({
      body: { metadata: { name: 'made-by-creator' } },
    });
    await api.deleteNamespace({ name: 'made-by-creator' });
  });

  it('answers 401 for unknown tokens and principals without an access entry', async () => {
    for (const token of ['nope', 'k8s-aws-v1.stranger', 'k8s-aws-v1.forged']) {
      expect(
        (await failure(core(token).listNamespacedPod({ namespace: 'default' })))
          .code,
      ).toBe(401);
    }
    const res = await raw('GET', '/api/v1/pods', {
      headers: { authorization: 'Bearer nope' },
    });
    expect(res.status).toBe(401);
    expect(res.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
    expect(
      (await raw('GET', '/api/v1/pods', { headers: { authorization: '' } }))
        .status,
    ).toBe(401);
  });

  it('serves custom kinds: a RayJob through CustomObjectsApi', async () => {
    const custom = admin().makeApiClient(CustomObjectsApi);
    const rayJob = {
      apiVersion: 'ray.io/v1',
      kind: 'RayJob',
      metadata: { name: 'train-llm' },
      spec: {
        entrypoint: 'python train.py',
        rayClusterSpec: {
          headGroupSpec: {
            template: {
              spec: {
                containers: [
                  { name: 'ray-head', image: 'rayproject/ray:2.46.0' },
                ],
              },
            },
          },
        },
      },
    };
    const created = await custom.createNamespacedCustomObject({
      group: 'ray.io',
      version: 'v1',
      namespace: 'ml-research',
      plural: 'rayjobs',
      body: rayJob,
    });
    expect(created).toMatchObject({
      kind: 'RayJob',
      metadata: { namespace: 'ml-research', generation: 1 },
    });
    const list = await custom.listNamespacedCustomObject({
      group: 'ray.io',
      version: 'v1',
      namespace: 'ml-research',
      plural: 'rayjobs',
    });
    expect(list.items.map((i: any) => i.metadata.name)).toEqual(['train-llm']);
    const invalid = await failure(
      custom.createNamespacedCustomObject({
        group: 'ray.io',
        version: 'v1',
        namespace: 'ml-research',
        plural: 'rayjobs',
        body: {
          apiVersion: 'ray.io/v1',
          kind: 'RayJob',
          metadata: { name: 'no-spec' },
        },
      }),
    );
    expect(invalid.code).toBe(422);
    expect(invalid.body.message).toBe(
      'RayJob.ray.io "no-spec" is invalid: spec: Required value',
    );
    // The namespace-scoped viewer can read Ray jobs (view aggregates the ML kinds) but not create them.
    const maya = kubeConfig('k8s-aws-v1.maya').makeApiClient(CustomObjectsApi);
    await maya.getNamespacedCustomObject({
      group: 'ray.io',
      version: 'v1',
      namespace: 'ml-research',
      plural: 'rayjobs',
      name: 'train-llm',
    });
    const denied = await failure(
      maya.createNamespacedCustomObject({
        group: 'ray.io',
        version: 'v1',
        namespace: 'ml-research',
        plural: 'rayjobs',
        body: { ...rayJob, metadata: { name: 'mine' } },
      }),
    );
    // Server-side apply works on custom kinds through discovery too.
    const applied = await admin()
      .makeApiClient(KubernetesObjectApi)
      .patch(
        {
          ...rayJob,
          metadata: { name: 'train-llm', namespace: 'ml-research' },
          spec: { entrypoint: 'python train.py --epochs 3' },
        } as any,
        undefined,
        undefined,
        'ray-operator-cli',
        true,
        PatchStrategy.ServerSideApply,
      );
    expect((applied as any).spec.entrypoint).toBe('python train.py --epochs 3');
    expect((applied as any).metadata.generation).toBe(2);
    expect(denied.body.message).toContain(
      'cannot create resource "rayjobs" in API group "ray.io"',
    );
  });

  it('restores its objects, resourceVersion and tokens from store.toJSON()', async () => {
    await core().createNamespacedServiceAccount({
      namespace: 'ml-research',
      body: { metadata: { name: 'bot' } },
    });
    await admin()
      .makeApiClient(RbacAuthorizationV1Api)
      .createNamespacedRoleBinding({
        namespace: 'ml-research',
        body: {
          metadata: { name: 'bot-view' },
          roleRef: {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'ClusterRole',
            name: 'view',
          },
          subjects: [
            { kind: 'ServiceAccount', name: 'bot', namespace: 'ml-research' },
          ],
        },
      });
    const tr = await core().createNamespacedServiceAccountToken({
      name: 'bot',
      namespace: 'ml-research',
      body: { spec: { audiences: [], expirationSeconds: 3600 } },
    });
    const state = JSON.parse(JSON.stringify(server.store.toJSON()));
    expect(JSON.stringify(state)).not.toContain(tr.status!.token);
    await server.close();

    let changes = 0;
    server = createKubernetesApiServer({
      clusterName: CLUSTER,
      clock,
      tls,
      adminToken: ADMIN_TOKEN,
      eks,
      state,
      onChange: () => changes++,
    });
    port = await server.listen(0);
    const pods = await core(tr.status!.token).listNamespacedPod({
      namespace: 'ml-research',
    });
    expect(Number(pods.metadata?.resourceVersion)).toBe(state.resourceVersion);
    await core().createNamespacedConfigMap({
      namespace: 'ml-research',
      body: { metadata: { name: 'after' } },
    });
    expect(changes).toBeGreaterThan(0);
    expect(
      server.store.find('v1', 'ConfigMap', 'after', 'ml-research')?.metadata
        .resourceVersion,
    ).toBe(String(state.resourceVersion + 1));
  });

  it('answers an unexpected failure as a 500 InternalError Status without a stack', async () => {
    const res = await raw('GET', '/api/v1/namespaces', {
      headers: { authorization: 'Bearer k8s-aws-v1.broken' },
    });
    expect(res.status).toBe(500);
    expect(res.json()).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'InternalError',
      code: 500,
      message: 'Internal error occurred: access entry lookup failed',
    });
    expect(res.body).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('survives 50 garbage requests', async () => {
    const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'FOO'];
    const paths = [
      '/api/v1/namespaces/default/pods',
      '/api/v1/namespaces/default/pods/x/status',
      '/api/v1/namespaces/%ZZ/pods',
      '/apis/ray.io/v1/namespaces/default/rayjobs/a/b/c/d',
      '/apis/nope/v9/things',
      '/api/v1/namespaces/default/serviceaccounts/default/token',
      '/api/v1/pods/x',
      '//..//',
      '/api/v1/namespaces/default/configmaps?labelSelector=((&fieldSelector=!!',
      '/apis/apps/v1/namespaces/default/deployments/x?dryRun=Maybe',
    ];
    const bodies = [
      '',
      'null',
      '[]',
      '42',
      '{"kind":',
      '{"metadata":[]}',
      '{"metadata":{"name":7}}',
      '\u0000\u00ff',
      '---\n- a\n- b: [',
      '{"spec":{"$patch":"delete"}}',
    ];
    const types = [
      'application/json',
      'application/merge-patch+json',
      'application/apply-patch+yaml',
      'application/json-patch+json',
      'text/plain',
      'application/strategic-merge-patch+json',
    ];
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        raw(methods[i % methods.length], paths[(i * 3) % paths.length], {
          headers: { 'content-type': types[(i * 5) % types.length] },
          body: bodies[(i * 7) % bodies.length],
        }),
      ),
    );
    for (const r of responses) {
      expect(r.status).toBeGreaterThanOrEqual(200);
      expect(r.status).not.toBe(500);
    }
    for (const r of responses.filter(x => x.status >= 400)) {
      expect(r.json()).toMatchObject({ kind: 'Status', status: 'Failure' });
    }
    expect((await core().listNamespace()).items.length).toBeGreaterThan(0);
  });
});

describe('the request hook', () => {
  it('tells every request received, with its method and path, before authentication', async () => {
    const seen: string[] = [];
    const hooked = createKubernetesApiServer({
      clusterName: CLUSTER,
      clock: new SandboxClock(),
      tls,
      adminToken: ADMIN_TOKEN,
      eks,
      initialObjects: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } },
      ],
      onRequest: (method, path) => seen.push(`${method} ${path}`),
    });
    const hookedPort = await hooked.listen(0);
    try {
      const kc = kubeConfig(ADMIN_TOKEN);
      kc.clusters[0] = {
        ...kc.clusters[0],
        server: `https://127.0.0.1:${hookedPort}`,
      };
      const api = kc.makeApiClient(CoreV1Api);
      await api.readNamespace({ name: 'team' });
      await api.patchNamespace(
        {
          name: 'team',
          body: { metadata: { labels: { a: 'b' } } },
          dryRun: 'All',
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      const stranger = kubeConfig('k8s-aws-v1.stranger');
      stranger.clusters[0] = kc.clusters[0];
      await expect(
        stranger.makeApiClient(CoreV1Api).listNamespace(),
      ).rejects.toMatchObject({ code: 401 });
      expect(seen).toEqual([
        'GET /api/v1/namespaces/team',
        'PATCH /api/v1/namespaces/team?dryRun=All',
        'GET /api/v1/namespaces',
      ]);
    } finally {
      await hooked.close();
    }
  });
});
