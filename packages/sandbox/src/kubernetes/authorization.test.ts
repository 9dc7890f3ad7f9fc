import https from 'node:https';
import {
  AuthorizationV1Api,
  CoreV1Api,
  RbacAuthorizationV1Api,
} from '@kubernetes/client-node';
import {
  failure,
  startTestCluster,
  TestCluster,
} from './__testUtils__/testCluster';

let cluster: TestCluster;
let core: CoreV1Api;
let rbac: RbacAuthorizationV1Api;

/** A TokenRequest token of a new ServiceAccount in team-a. */
async function serviceAccountToken(name: string): Promise<string> {
  await core.createNamespacedServiceAccount({
    namespace: 'team-a',
    body: { metadata: { name } },
  });
  const t = await core.createNamespacedServiceAccountToken({
    name,
    namespace: 'team-a',
    body: { spec: { audiences: [], expirationSeconds: 3600 } },
  });
  return t.status!.token;
}

beforeEach(async () => {
  cluster = await startTestCluster(['team-a', 'team-b']);
  core = cluster.kubeConfig().makeApiClient(CoreV1Api);
  rbac = cluster.kubeConfig().makeApiClient(RbacAuthorizationV1Api);
  await rbac.createNamespacedRole({
    namespace: 'team-a',
    body: {
      metadata: { name: 'reader' },
      rules: [
        { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
        {
          apiGroups: [''],
          resources: ['configmaps'],
          resourceNames: ['settings'],
          verbs: ['get'],
        },
      ],
    },
  });
  await rbac.createNamespacedRoleBinding({
    namespace: 'team-a',
    body: {
      metadata: { name: 'reader' },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Role',
        name: 'reader',
      },
      subjects: [
        { kind: 'ServiceAccount', name: 'alice', namespace: 'team-a' },
      ],
    },
  });
});

afterEach(() => cluster.close());

describe('SelfSubjectRulesReview', () => {
  it("lists the caller's rules in a namespace as the RBAC authorizer resolves them", async () => {
    const token = await serviceAccountToken('alice');
    const api = cluster.kubeConfig(token).makeApiClient(AuthorizationV1Api);
    const inA = await api.createSelfSubjectRulesReview({
      body: { spec: { namespace: 'team-a' } },
    });
    expect(inA.status?.incomplete).toBe(false);
    expect(inA.status?.resourceRules).toEqual(
      expect.arrayContaining([
        { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] },
        {
          verbs: ['get'],
          apiGroups: [''],
          resources: ['configmaps'],
          resourceNames: ['settings'],
        },
        // system:basic-user, bound to every authenticated user.
        expect.objectContaining({
          apiGroups: ['authorization.k8s.io'],
          resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
        }),
      ]),
    );
    expect(inA.status?.nonResourceRules?.length).toBeGreaterThan(0);
    const inB = await api.createSelfSubjectRulesReview({
      body: { spec: { namespace: 'team-b' } },
    });
    expect(
      inB.status?.resourceRules?.some(r => r.resources?.includes('pods')),
    ).toBe(false);
    const noNamespace = await failure(
      api.createSelfSubjectRulesReview({ body: { spec: {} } }),
    );
    expect(noNamespace.code).toBe(400);
    expect(noNamespace.body.message).toBe('no namespace on request');
  });
});

/** A raw request with impersonation headers (the typed client sends none). */
function request(
  token: string,
  method: string,
  path: string,
  headers: Record<string, string | string[]>,
  body?: unknown,
): Promise<{ status: number; json: any }> {
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
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          ...headers,
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            json: JSON.parse(Buffer.concat(chunks).toString('utf8')),
          }),
        );
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(JSON.stringify(body));
    req.end();
  });
}

const whoami = (token: string, headers: Record<string, string | string[]>) =>
  request(
    token,
    'POST',
    '/apis/authentication.k8s.io/v1/selfsubjectreviews',
    headers,
    { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
  );

describe('impersonation', () => {
  let token: string;
  const caller = 'system:serviceaccount:team-a:impersonator';

  beforeEach(async () => {
    token = await serviceAccountToken('impersonator');
    await rbac.createClusterRole({
      body: {
        metadata: { name: 'impersonate-bob' },
        rules: [
          {
            apiGroups: [''],
            resources: ['users'],
            resourceNames: ['bob'],
            verbs: ['impersonate'],
          },
          {
            apiGroups: [''],
            resources: ['groups'],
            resourceNames: ['ml-team'],
            verbs: ['impersonate'],
          },
        ],
      },
    });
    await rbac.createClusterRoleBinding({
      body: {
        metadata: { name: 'impersonate-bob' },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'impersonate-bob',
        },
        subjects: [
          { kind: 'ServiceAccount', name: 'impersonator', namespace: 'team-a' },
        ],
      },
    });
  });

  it('runs the request as the impersonated user when the caller may impersonate', async () => {
    const res = await whoami(token, {
      'Impersonate-User': 'bob',
      'Impersonate-Group': 'ml-team',
    });
    expect(res.status).toBe(201);
    expect(res.json.status.userInfo).toEqual({
      username: 'bob',
      groups: ['ml-team', 'system:authenticated'],
    });
    // bob has no RBAC: listing pods as bob is forbidden, with bob's name.
    const pods = await request(token, 'GET', '/api/v1/namespaces/team-a/pods', {
      'Impersonate-User': 'bob',
    });
    expect(pods.status).toBe(403);
    expect(pods.json.message).toBe(
      'pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "team-a"',
    );
  });

  it('refuses what the caller may not impersonate, with the real messages', async () => {
    const user = await whoami(token, { 'Impersonate-User': 'carol' });
    expect(user.status).toBe(403);
    expect(user.json).toMatchObject({
      reason: 'Forbidden',
      message: `users "carol" is forbidden: User "${caller}" cannot impersonate resource "users" in API group "" at the cluster scope`,
      details: { name: 'carol', kind: 'users' },
    });
    const group = await whoami(token, {
      'Impersonate-User': 'bob',
      'Impersonate-Group': 'system:masters',
    });
    expect(group.status).toBe(403);
    expect(group.json.message).toBe(
      `groups "system:masters" is forbidden: User "${caller}" cannot impersonate resource "groups" in API group "" at the cluster scope`,
    );
    const sa = await whoami(token, {
      'Impersonate-User': 'system:serviceaccount:team-b:deployer',
    });
    expect(sa.status).toBe(403);
    expect(sa.json.message).toBe(
      `serviceaccounts "deployer" is forbidden: User "${caller}" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "team-b"`,
    );
    const noUser = await whoami(token, { 'Impersonate-Group': 'ml-team' });
    expect(noUser.status).toBe(500);
    expect(noUser.json.message).toContain('without impersonating a user');
  });

  it('impersonates a ServiceAccount with its groups when allowed on serviceaccounts', async () => {
    await rbac.createNamespacedRole({
      namespace: 'team-b',
      body: {
        metadata: { name: 'be-deployer' },
        rules: [
          {
            apiGroups: [''],
            resources: ['serviceaccounts'],
            resourceNames: ['deployer'],
            verbs: ['impersonate'],
          },
        ],
      },
    });
    await rbac.createNamespacedRoleBinding({
      namespace: 'team-b',
      body: {
        metadata: { name: 'be-deployer' },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'Role',
          name: 'be-deployer',
        },
        subjects: [
          { kind: 'ServiceAccount', name: 'impersonator', namespace: 'team-a' },
        ],
      },
    });
    const res = await whoami(token, {
      'Impersonate-User': 'system:serviceaccount:team-b:deployer',
    });
    expect(res.status).toBe(201);
    expect(res.json.status.userInfo).toEqual({
      username: 'system:serviceaccount:team-b:deployer',
      groups: [
        'system:serviceaccounts',
        'system:serviceaccounts:team-b',
        'system:authenticated',
      ],
    });
  });
});
