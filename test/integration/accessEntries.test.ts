import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import {
  AssociateAccessPolicyCommand,
  CreateAccessEntryCommand,
  DescribeAccessEntryCommand,
  EKSClient,
  ListAccessEntriesCommand,
  ListAssociatedAccessPoliciesCommand,
  UpdateAccessEntryCommand,
} from '@aws-sdk/client-eks';
import {
  ApiException,
  CoreV1Api,
  KubeConfig,
  RbacAuthorizationV1Api,
} from '@kubernetes/client-node';
import {
  AwsFault,
  AwsRequestInfo,
  AwsRequestRecord,
  Sandbox,
} from '@eks-aiml/sandbox';
import {
  PortalBackend,
  startPortalBackend,
  TEST_TOKEN,
  uniqueDatabasePrefix,
} from '../support/portalBackend';
import { signIn } from '../support/personas';
import { dropDatabases, postgres } from '../support/postgres';

jest.setTimeout(900_000);

const CLUSTER = 'ml-sandbox-usw2';
const ROLES = {
  maya: 'arn:aws:iam::111122223333:role/ml-engineers/maya',
  lee: 'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_MLLead_0123456789abcdef',
  kai: 'arn:aws:iam::111122223333:role/ml-engineers/kai',
  dana: 'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_PlatformAdmin_0a1b2c3d4e5f6a7b',
  noor: 'arn:aws:iam::111122223333:role/ml-engineers/noor',
};
/** The team namespaces of the cluster, where grants' RoleBindings live. */
const TEAM_NAMESPACES = ['ml-research-training', 'recsys-inference'];
const GRANT_ID_LABEL = 'aiml.eks.aws/grant-id';
const ACCESS_ENTRY_OPERATIONS = new Set([
  'CreateAccessEntry',
  'DescribeAccessEntry',
  'DeleteAccessEntry',
  'UpdateAccessEntry',
  'AssociateAccessPolicy',
  'DisassociateAccessPolicy',
  'ListAssociatedAccessPolicies',
  'ListAccessEntries',
]);
const WRITES = new Set([
  'CreateAccessEntry',
  'DeleteAccessEntry',
  'UpdateAccessEntry',
  'AssociateAccessPolicy',
  'DisassociateAccessPolicy',
]);

/**
 * The access broker on an access-entry cluster, through two real portal backends
 * (replicas) on one PostgreSQL, attached to one sandbox running in this test
 * process: the sandbox's AWS request log proves what the broker asked of EKS, and
 * its fault injection plays EKS throttling, failing and answering slowly.
 */
describe('the access broker on an access-entry cluster (two replicas)', () => {
  let sandbox: Sandbox;
  let a: PortalBackend;
  let b: PortalBackend;
  let eks: EKSClient;
  /** The cluster as its admin sees it (to look at grants' RoleBindings). */
  let clusterRbac: RbacAuthorizationV1Api;
  const prefix = uniqueDatabasePrefix();
  const tokens = new Map<string, string>();
  const awsLog: AwsRequestRecord[] = [];
  let fault: (r: AwsRequestInfo) => AwsFault | undefined = () => undefined;

  const api = async (
    backend: PortalBackend,
    persona: string,
    method: string,
    urlPath: string,
    body?: unknown,
  ) => {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
    };
    if (persona === 'service') headers.Authorization = `Bearer ${TEST_TOKEN}`;
    else {
      const key = `${backend.baseUrl} ${persona}`;
      if (!tokens.has(key)) tokens.set(key, await signIn(backend, persona));
      headers.Authorization = `Bearer ${tokens.get(key)}`;
    }
    const send = () =>
      fetch(`${backend.baseUrl}/api/aiml${urlPath}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    // A kept-alive connection the server closes just as it is reused fails before any
    // answer; sending again is safe: grant requests are idempotent (same request, same grant).
    const res = await send().catch(async error => {
      if (error?.cause?.code !== 'UND_ERR_SOCKET') throw error;
      await sleep(100);
      return send();
    });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text };
  };

  const grantBody = (overrides: Record<string, unknown> = {}) => ({
    cluster: CLUSTER,
    team: 'ml-research',
    level: 'view',
    ttl: 'PT1H',
    reason: 'look at a training run',
    ...overrides,
  });

  /** A principal's entry as EKS shows it (tags, Kubernetes groups, policy → namespaces), or undefined. */
  const entryOf = async (principalArn: string) => {
    try {
      const { accessEntry } = await eks.send(
        new DescribeAccessEntryCommand({ clusterName: CLUSTER, principalArn }),
      );
      const { associatedAccessPolicies } = await eks.send(
        new ListAssociatedAccessPoliciesCommand({
          clusterName: CLUSTER,
          principalArn,
        }),
      );
      return {
        tags: accessEntry!.tags,
        groups: [...(accessEntry!.kubernetesGroups ?? [])].sort(),
        policies: Object.fromEntries(
          (associatedAccessPolicies ?? []).map(p => [
            p.policyArn!.split('/').pop(),
            p.accessScope!.type === 'namespace'
              ? [...p.accessScope!.namespaces!].sort()
              : 'CLUSTER SCOPE',
          ]),
        ),
      };
    } catch (error: any) {
      if (error.name === 'ResourceNotFoundException') return undefined;
      throw error;
    }
  };

  /** A grant's Kubernetes group, and the name of its RoleBindings. */
  const group = (grantId: string) => `aiml-grant-${grantId}`;

  /** Per team namespace, the ClusterRole the grant's RoleBinding there binds its group to. */
  const bindingsOf = async (grantId: string) => {
    const found: Record<string, string> = {};
    for (const namespace of TEAM_NAMESPACES) {
      try {
        const rb = await clusterRbac.readNamespacedRoleBinding({
          name: group(grantId),
          namespace,
        });
        expect(rb.subjects).toEqual([
          {
            kind: 'Group',
            name: group(grantId),
            apiGroup: 'rbac.authorization.k8s.io',
          },
        ]);
        found[namespace] = rb.roleRef.name;
      } catch (error) {
        if ((error as ApiException<unknown>).code !== 404) throw error;
      }
    }
    return found;
  };

  /** The ids of grants that still have a RoleBinding anywhere on the cluster. */
  const grantIdsWithBindings = async () =>
    new Set(
      (
        await clusterRbac.listRoleBindingForAllNamespaces({
          labelSelector: GRANT_ID_LABEL,
        })
      ).items.map(rb => rb.metadata!.labels![GRANT_ID_LABEL]),
    );

  const allEntries = async () =>
    (
      await eks.send(new ListAccessEntriesCommand({ clusterName: CLUSTER }))
    ).accessEntries!.sort();

  /** A kubeconfig acting as a person: an EKS token for their IAM role. */
  const kubeConfigAs = async (roleArn: string) => {
    const cluster = sandbox
      .connection()
      .clusters.find(c => c.name === CLUSTER)!;
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: CLUSTER,
          server: cluster.endpoint,
          caData: Buffer.from(cluster.caPem).toString('base64'),
        },
      ],
      users: [
        {
          name: 'person',
          token: await sandbox.eksTokenForRole(roleArn, CLUSTER),
        },
      ],
      contexts: [{ name: 'person', cluster: CLUSTER, user: 'person' }],
      currentContext: 'person',
    });
    return kc;
  };

  /** A Kubernetes client acting as a person: an EKS token for their IAM role. */
  const asRole = async (roleArn: string) =>
    (await kubeConfigAs(roleArn)).makeApiClient(CoreV1Api);

  /**
   * What an edit grant allows in the team namespace (the product's `aiml-edit`),
   * and what it never allows: minting a ServiceAccount token, making a
   * ServiceAccount or a RoleBinding, reading outside the team's namespaces.
   */
  const expectEditRights = async (kc: KubeConfig, namespace: string) => {
    const core = kc.makeApiClient(CoreV1Api);
    const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
    const name = `edit-check-${Date.now().toString(36)}`;
    await core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name }, data: { a: '1' } },
    });
    await core.deleteNamespacedConfigMap({ name, namespace });
    await core.createNamespacedSecret({
      namespace,
      body: { metadata: { name }, type: 'Opaque', stringData: { a: '1' } },
    });
    await core.deleteNamespacedSecret({ name, namespace });
    expect(
      (await core.listNamespacedPod({ namespace })).items.length,
    ).toBeGreaterThan(0);
    await expect(
      core.createNamespacedServiceAccountToken({
        name: 'default',
        namespace,
        body: { spec: { audiences: [], expirationSeconds: 172_800 } },
      }),
    ).rejects.toMatchObject({ code: 403 });
    await expect(
      core.createNamespacedServiceAccount({
        namespace,
        body: { metadata: { name: 'backdoor' } },
      }),
    ).rejects.toMatchObject({ code: 403 });
    await expect(
      rbac.createNamespacedRoleBinding({
        namespace,
        body: {
          metadata: { name: 'backdoor' },
          roleRef: {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'ClusterRole',
            name: 'aiml-edit',
          },
          subjects: [
            {
              kind: 'Group',
              name: 'everyone',
              apiGroup: 'rbac.authorization.k8s.io',
            },
          ],
        },
      }),
    ).rejects.toMatchObject({ code: 403 });
    await expect(
      core.listNamespacedPod({ namespace: 'kube-system' }),
    ).rejects.toMatchObject({ code: 403 });
    await expect(
      core.listNamespacedSecret({ namespace: 'kube-system' }),
    ).rejects.toMatchObject({ code: 403 });
  };

  const query = async (sql: string, params: unknown[] = []) => {
    const client = new Client({ ...postgres, database: `${prefix}aiml` });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows;
    } finally {
      await client.end();
    }
  };

  const reconcileBoth = async () => {
    const results = await Promise.all(
      [a, b].map(backend =>
        api(backend, 'service', 'POST', '/access/reconcile'),
      ),
    );
    results.forEach(r => expect(r.status).toBe(200));
    return results.map(r => r.json.expired as number);
  };

  /** Revokes every live grant of the test (so each test starts from no access). */
  const revokeAll = async () => {
    const rows = await query(
      `SELECT id, user_ref FROM aiml_grants WHERE state IN ('active', 'pending')`,
    );
    for (const row of rows) {
      await api(
        a,
        row.user_ref.split('/')[1],
        'DELETE',
        `/access/grants/${row.id}`,
      );
    }
    await reconcileBoth();
  };

  const waitUntilReady = async (backend: PortalBackend) => {
    for (let i = 0; i < 240; i++) {
      try {
        // The test-only Users must be in the catalog before anyone signs in.
        await signIn(backend, 'mallory-user');
        await signIn(backend, 'kai');
        return;
      } catch {
        await sleep(500);
      }
    }
    throw new Error(`${backend.baseUrl} never let the test Users sign in`);
  };

  beforeAll(async () => {
    sandbox = await Sandbox.start({
      onAwsRequest: r => awsLog.push(r),
      awsFault: r => fault(r),
    });
    // The test-only Users' roles (test/catalog/access-entry-users.yaml) are not in the
    // example catalog the sandbox's IAM is made from; add them to its account so their
    // EKS tokens can be made.
    for (const arn of [ROLES.kai, ROLES.dana]) sandbox.addRole(arn);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-sandbox-'));
    sandbox.writeOut(dir);
    const conn = sandbox.connection();
    eks = new EKSClient({
      region: 'us-west-2',
      endpoint: conn.awsEndpoint,
      credentials: conn.credentials,
    });
    const admin = new KubeConfig();
    admin.loadFromString(sandbox.kubeconfig());
    admin.setCurrentContext(CLUSTER);
    clusterRbac = admin.makeApiClient(RbacAuthorizationV1Api);
    const start = (port: number) =>
      startPortalBackend({
        port,
        configs: [
          'app-config.postgres.yaml',
          'test/app-config.access-entries.yaml',
        ],
        env: {
          APP_CONFIG_backend_database_prefix: prefix,
          APP_CONFIG_aiml_sandbox_enabled: 'false',
          APP_CONFIG_aiml_sandbox_attach: dir,
          // The bursts below (50 identical requests, 500 grants) are far above a person's rate.
          APP_CONFIG_aiml_access_requestsPerMinute: '1000000',
          APP_CONFIG_aiml_access_maxLiveGrantsPerUser: '1000000',
        },
        timeoutMs: 240_000,
      });
    a = await start(7151);
    b = await start(7152);
    await waitUntilReady(a);
    await waitUntilReady(b);
  });

  afterAll(async () => {
    // AIML_TEST_LOG_DIR=dir keeps both backends' logs, for looking into a failure.
    if (process.env.AIML_TEST_LOG_DIR) {
      fs.writeFileSync(
        path.join(process.env.AIML_TEST_LOG_DIR, 'a.log'),
        a?.output() ?? '',
      );
      fs.writeFileSync(
        path.join(process.env.AIML_TEST_LOG_DIR, 'b.log'),
        b?.output() ?? '',
      );
    }
    await Promise.all([a?.stop(), b?.stop()]);
    eks?.destroy();
    await sandbox?.stop();
    await dropDatabases(prefix);
  });

  afterEach(() => {
    fault = () => undefined;
  });

  it("gives a person access to their team's namespaces through their own role, end to end", async () => {
    const created = await api(a, 'maya', 'POST', '/access/grants', grantBody());
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      state: 'active',
      strategy: 'access-entry',
      level: 'view',
      principalArn: ROLES.maya,
      namespaces: ['ml-research-training'],
    });
    // One Kubernetes group for the grant, bound to aiml-view in the team's namespace; no AWS managed policy.
    expect(await entryOf(ROLES.maya)).toEqual({
      tags: { 'eks-aiml/managed-by': 'aiml-broker' },
      groups: [group(created.json.id)],
      policies: {},
    });
    expect(await bindingsOf(created.json.id)).toEqual({
      'ml-research-training': 'aiml-view',
    });

    const maya = await asRole(ROLES.maya);
    const pods = await maya.listNamespacedPod({
      namespace: 'ml-research-training',
    });
    expect(pods.items.length).toBeGreaterThan(0);
    await expect(
      maya.listNamespacedPod({ namespace: 'recsys-inference' }),
    ).rejects.toMatchObject({ code: 403 });
    await expect(maya.listNamespace()).rejects.toMatchObject({ code: 403 });
    await expect(
      maya.createNamespacedConfigMap({
        namespace: 'ml-research-training',
        body: { metadata: { name: 'view-cannot-write' } },
      }),
    ).rejects.toMatchObject({ code: 403 });

    // No kubeconfig to download: the answer says how to connect instead.
    const kubeconfig = await api(
      a,
      'maya',
      'GET',
      `/access/grants/${created.json.id}/kubeconfig`,
    );
    expect(kubeconfig.status).toBe(409);
    expect(kubeconfig.json.error.message).toContain(
      'aws eks update-kubeconfig --name ml-sandbox-usw2 --region us-west-2',
    );

    // Revoked on the other replica: the entry is gone, and so is the access.
    const revoked = await api(
      b,
      'maya',
      'DELETE',
      `/access/grants/${created.json.id}`,
    );
    expect(revoked.json).toMatchObject({
      state: 'revoked',
      revokedBy: 'user:default/maya',
    });
    expect(await entryOf(ROLES.maya)).toBeUndefined();
    expect(await bindingsOf(created.json.id)).toEqual({});
    await expect(
      maya.listNamespacedPod({ namespace: 'ml-research-training' }),
    ).rejects.toMatchObject({ code: 401 });
  });

  it('works for an IAM Identity Center role (a role with a path), with edit rights', async () => {
    const created = await api(
      a,
      'lee',
      'POST',
      '/access/grants',
      grantBody({ level: 'edit', reason: 'fix a stuck job' }),
    );
    expect(created.status).toBe(201);
    expect(await entryOf(ROLES.lee)).toMatchObject({
      groups: [group(created.json.id)],
      policies: {},
    });
    expect(await bindingsOf(created.json.id)).toEqual({
      'ml-research-training': 'aiml-edit',
    });
    const kc = await kubeConfigAs(ROLES.lee);
    await expectEditRights(kc, 'ml-research-training');
    const lee = kc.makeApiClient(CoreV1Api);
    await lee.createNamespacedConfigMap({
      namespace: 'ml-research-training',
      body: { metadata: { name: 'lee-was-here' } },
    });
    await api(a, 'lee', 'DELETE', `/access/grants/${created.json.id}`);
    expect(await entryOf(ROLES.lee)).toBeUndefined();
    expect(await bindingsOf(created.json.id)).toEqual({});
    await expect(
      lee.listNamespacedPod({ namespace: 'ml-research-training' }),
    ).rejects.toMatchObject({ code: 401 });
  });

  it("carries one group per grant across both of a person's teams; a revoked or expired edit grant leaves no group, no RoleBinding and no right", async () => {
    // A view grant on recsys keeps kai's entry (and so his token) alive throughout,
    // so what ends with the edit grant shows as 403, not as an unknown principal's 401.
    const recsys = await api(
      b,
      'kai',
      'POST',
      '/access/grants',
      grantBody({ team: 'recsys' }),
    );
    const edit = await api(
      a,
      'kai',
      'POST',
      '/access/grants',
      grantBody({ level: 'edit', reason: 'tune the training job' }),
    );
    expect([recsys.status, edit.status]).toEqual([201, 201]);
    expect(recsys.json.namespaces).toEqual(['recsys-inference']);
    expect(await entryOf(ROLES.kai)).toEqual({
      tags: { 'eks-aiml/managed-by': 'aiml-broker' },
      groups: [group(recsys.json.id), group(edit.json.id)].sort(),
      policies: {},
    });
    expect(await bindingsOf(recsys.json.id)).toEqual({
      'recsys-inference': 'aiml-view',
    });
    expect(await bindingsOf(edit.json.id)).toEqual({
      'ml-research-training': 'aiml-edit',
    });

    const kc = await kubeConfigAs(ROLES.kai);
    const kai = kc.makeApiClient(CoreV1Api);
    await expectEditRights(kc, 'ml-research-training');
    // View only in recsys: the edit grant's group is bound in its own team's namespace only.
    await expect(
      kai.createNamespacedConfigMap({
        namespace: 'recsys-inference',
        body: { metadata: { name: 'kai-cannot-write-here' } },
      }),
    ).rejects.toMatchObject({ code: 403 });

    // Revoked: the group leaves the entry, the RoleBinding goes, the same token gets 403.
    const revoked = await api(
      a,
      'kai',
      'DELETE',
      `/access/grants/${edit.json.id}`,
    );
    expect(revoked.json.state).toBe('revoked');
    expect((await entryOf(ROLES.kai))!.groups).toEqual([group(recsys.json.id)]);
    expect(await bindingsOf(edit.json.id)).toEqual({});
    await expect(
      kai.listNamespacedPod({ namespace: 'ml-research-training' }),
    ).rejects.toMatchObject({ code: 403 });
    await expect(
      kai.createNamespacedConfigMap({
        namespace: 'ml-research-training',
        body: { metadata: { name: 'kai-after-revoke' } },
      }),
    ).rejects.toMatchObject({ code: 403 });
    expect(
      (await kai.listNamespacedPod({ namespace: 'recsys-inference' })).items
        .length,
    ).toBeGreaterThan(0);

    // Expired: the same, through the scheduler's expiry (run here by the reconcile endpoint).
    const short = await api(
      b,
      'kai',
      'POST',
      '/access/grants',
      grantBody({ level: 'edit', ttl: 'PT10M', reason: 'a quick fix' }),
    );
    expect(short.status).toBe(201);
    const kc2 = await kubeConfigAs(ROLES.kai);
    const kai2 = kc2.makeApiClient(CoreV1Api);
    await kai2.createNamespacedConfigMap({
      namespace: 'ml-research-training',
      body: { metadata: { name: 'kai-quick-fix' } },
    });
    await kai2.deleteNamespacedConfigMap({
      name: 'kai-quick-fix',
      namespace: 'ml-research-training',
    });
    // Past the grant's 10 minutes.
    sandbox.clock.advance(11 * 60_000);
    // The attached backends poll the sandbox clock every second.
    await sleep(2000);
    await reconcileBoth();
    const [row] = await query(
      `SELECT state, end_reason FROM aiml_grants WHERE id = $1`,
      [short.json.id],
    );
    expect(row).toEqual({ state: 'revoked', end_reason: 'expired' });
    expect((await entryOf(ROLES.kai))!.groups).toEqual([group(recsys.json.id)]);
    expect(await bindingsOf(short.json.id)).toEqual({});
    // EKS tokens live 60 s (the sandbox's clock moved 11 minutes): the old one is
    // refused as expired, and a fresh one for the same role, which still has an
    // entry, is refused in the namespace the expired grant covered.
    await expect(
      kai2.listNamespacedPod({ namespace: 'ml-research-training' }),
    ).rejects.toMatchObject({ code: 401 });
    const kai3 = await asRole(ROLES.kai);
    await expect(
      kai3.listNamespacedPod({ namespace: 'ml-research-training' }),
    ).rejects.toMatchObject({ code: 403 });
    await expect(
      kai3.createNamespacedConfigMap({
        namespace: 'ml-research-training',
        body: { metadata: { name: 'kai-after-expiry' } },
      }),
    ).rejects.toMatchObject({ code: 403 });
    expect(
      (await kai3.listNamespacedPod({ namespace: 'recsys-inference' })).items
        .length,
    ).toBeGreaterThan(0);

    await api(b, 'kai', 'DELETE', `/access/grants/${recsys.json.id}`);
    expect(await entryOf(ROLES.kai)).toBeUndefined();
    expect(await bindingsOf(recsys.json.id)).toEqual({});
  });

  it('takes the AWS managed policy an older release associated from an entry at the next sync', async () => {
    const created = await api(a, 'maya', 'POST', '/access/grants', grantBody());
    expect(created.status).toBe(201);
    const id = created.json.id;
    // The entry as an older release left it: AmazonEKSEditPolicy on the team namespace,
    // no Kubernetes group, no RoleBinding.
    await eks.send(
      new UpdateAccessEntryCommand({
        clusterName: CLUSTER,
        principalArn: ROLES.maya,
        kubernetesGroups: [],
      }),
    );
    await eks.send(
      new AssociateAccessPolicyCommand({
        clusterName: CLUSTER,
        principalArn: ROLES.maya,
        policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy',
        accessScope: {
          type: 'namespace',
          namespaces: ['ml-research-training'],
        },
      }),
    );
    await clusterRbac.deleteNamespacedRoleBinding({
      name: group(id),
      namespace: 'ml-research-training',
    });
    const maya = await asRole(ROLES.maya);
    // Kubernetes' edit, through the policy: it writes.
    await maya.createNamespacedConfigMap({
      namespace: 'ml-research-training',
      body: { metadata: { name: 'written-through-the-old-policy' } },
    });

    awsLog.length = 0;
    await reconcileBoth();
    expect(await entryOf(ROLES.maya)).toEqual({
      tags: { 'eks-aiml/managed-by': 'aiml-broker' },
      groups: [group(id)],
      policies: {},
    });
    expect(await bindingsOf(id)).toEqual({
      'ml-research-training': 'aiml-view',
    });
    expect(
      awsLog
        .filter(r => r.operation === 'DisassociateAccessPolicy')
        .map(r => r.status),
    ).toContain(200);
    // What the grant gives, nothing more: view.
    expect(
      (await maya.listNamespacedPod({ namespace: 'ml-research-training' }))
        .items.length,
    ).toBeGreaterThan(0);
    await expect(
      maya.createNamespacedConfigMap({
        namespace: 'ml-research-training',
        body: { metadata: { name: 'no-longer-writable' } },
      }),
    ).rejects.toMatchObject({ code: 403 });

    await api(a, 'maya', 'DELETE', `/access/grants/${id}`);
    expect(await entryOf(ROLES.maya)).toBeUndefined();
    expect(await bindingsOf(id)).toEqual({});
  });

  it('leaves an access entry it did not create untouched, and the grant fails saying so', async () => {
    await eks.send(
      new CreateAccessEntryCommand({
        clusterName: CLUSTER,
        principalArn: ROLES.noor,
        tags: { owner: 'platform-team' },
      }),
    );
    await eks.send(
      new AssociateAccessPolicyCommand({
        clusterName: CLUSTER,
        principalArn: ROLES.noor,
        policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy',
        accessScope: { type: 'namespace', namespaces: ['shared-notebooks'] },
      }),
    );
    const before = await entryOf(ROLES.noor);
    awsLog.length = 0;

    const res = await api(a, 'noor', 'POST', '/access/grants', grantBody());
    expect(res.status).toBe(409);
    expect(res.json.error.message).toMatch(
      /already has an access entry for arn:aws:iam::111122223333:role\/ml-engineers\/noor that the portal did not create.*never changes or deletes/,
    );
    const [row] = await query(
      `SELECT state, failure FROM aiml_grants WHERE user_ref = 'user:default/noor'`,
    );
    expect(row).toMatchObject({
      state: 'failed',
      failure: expect.stringMatching(/did not create/),
    });
    await reconcileBoth();
    expect(await entryOf(ROLES.noor)).toEqual(before);
    expect(
      awsLog.filter(
        r => WRITES.has(r.operation!) && r.path.includes(ROLES.noor),
      ),
    ).toEqual([]);
  });

  it.each([
    ['an STS session ARN', 'mallory-session', 400, /STS session ARN/],
    [
      'an account the cluster does not accept',
      'mallory-account',
      403,
      /account 999999999999/,
    ],
    ['another partition', 'mallory-partition', 403, /partition "aws-cn"/],
    ['injection characters', 'mallory-inject', 400, /character "\\""/],
    ['an IAM user', 'mallory-user', 400, /is not a role/],
    [
      'no role at all',
      'alex',
      403,
      /has none: ask your platform team to set the annotation aiml.eks.aws\/iam-role-arn/,
    ],
  ])(
    'refuses a person whose role annotation is %s with a clear 4xx, and touches no entry',
    async (_case, persona, status, message) => {
      const before = await allEntries();
      awsLog.length = 0;
      const res = await api(
        a,
        persona,
        'POST',
        '/access/grants',
        persona === 'alex'
          ? grantBody({
              team: 'recsys',
              breakGlass: true,
              level: undefined,
              ttl: 'PT30M',
            })
          : grantBody(),
      );
      expect(res.status).toBe(status);
      expect(res.json.error.message).toMatch(message);
      expect(res.text).not.toMatch(/\n\s+at /);
      expect(awsLog.filter(r => WRITES.has(r.operation!))).toEqual([]);
      expect(await allEntries()).toEqual(before);
    },
  );

  it("breaks glass as a group bound to aiml-admin in the team's namespaces, with no AWS managed policy and never cluster scope", async () => {
    awsLog.length = 0;
    const res = await api(a, 'dana', 'POST', '/access/grants', {
      cluster: CLUSTER,
      team: 'recsys',
      breakGlass: true,
      ttl: 'PT30M',
      reason: 'incident 4712: ranker stuck',
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      level: 'admin',
      breakGlass: true,
      namespaces: ['recsys-inference'],
      principalArn: ROLES.dana,
    });
    expect(await entryOf(ROLES.dana)).toEqual({
      tags: { 'eks-aiml/managed-by': 'aiml-broker' },
      groups: [group(res.json.id)],
      policies: {},
    });
    expect(await bindingsOf(res.json.id)).toEqual({
      'recsys-inference': 'aiml-admin',
    });
    expect(awsLog.filter(r => r.operation === 'AssociateAccessPolicy')).toEqual(
      [],
    );
    const dana = await asRole(ROLES.dana);
    expect(
      (await dana.listNamespacedPod({ namespace: 'recsys-inference' })).items
        .length,
    ).toBeGreaterThan(0);
    await expect(dana.listNamespace()).rejects.toMatchObject({ code: 403 });
    await expect(
      dana.listNamespacedPod({ namespace: 'kube-system' }),
    ).rejects.toMatchObject({ code: 403 });
    await expect(
      dana.createNamespacedServiceAccountToken({
        name: 'default',
        namespace: 'recsys-inference',
        body: { spec: { audiences: [] } },
      }),
    ).rejects.toMatchObject({ code: 403 });
    expect(a.output() + b.output()).toMatch(
      /access-grant-request[^\n]*breakGlass[^\n]*true|breakGlass[^\n]*true[^\n]*access-grant-request/,
    );
    await api(a, 'dana', 'DELETE', `/access/grants/${res.json.id}`);
    expect(await entryOf(ROLES.dana)).toBeUndefined();
    expect(await bindingsOf(res.json.id)).toEqual({});
  });

  it('turns 50 parallel identical requests on two replicas into one active grant', async () => {
    // Sign in first, so the burst is only grant requests.
    await api(a, 'maya', 'GET', '/access/grants');
    await api(b, 'maya', 'GET', '/access/grants');
    const body = grantBody({ reason: 'the same request, fifty times' });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        api(i % 2 ? b : a, 'maya', 'POST', '/access/grants', body),
      ),
    );
    expect(results.map(r => r.status).sort()).toEqual([
      ...Array(49).fill(200),
      201,
    ]);
    expect(new Set(results.map(r => r.json.id)).size).toBe(1);
    const rows = await query(
      `SELECT id, state FROM aiml_grants WHERE reason = $1`,
      [body.reason],
    );
    expect(rows).toEqual([{ id: results[0].json.id, state: 'active' }]);
    expect(await entryOf(ROLES.maya)).toMatchObject({
      groups: [group(results[0].json.id)],
      policies: {},
    });
    await revokeAll();
    expect(await entryOf(ROLES.maya)).toBeUndefined();
  });

  it('converges under EKS throttling, 5xx and slow answers, with no orphan entry and no lost revocation', async () => {
    let n = 0;
    const flaky = (r: AwsRequestInfo): AwsFault | undefined => {
      if (!ACCESS_ENTRY_OPERATIONS.has(r.operation!)) return undefined;
      n++;
      switch (n % 6) {
        case 0:
          return { error: { status: 429, type: 'ThrottlingException' } };
        case 1:
          return { error: { status: 500, type: 'ServerException' } };
        case 2:
          return WRITES.has(r.operation!)
            ? {
                error: { status: 503, type: 'ServiceUnavailableException' },
                afterApplying: true,
              }
            : undefined;
        case 3:
          return { delayMs: 400 };
        default:
          return undefined;
      }
    };

    // 1. Grants while EKS is flaky: they get through, retried.
    fault = flaky;
    const requests: [PortalBackend, string, Record<string, unknown>][] = [
      [a, 'maya', grantBody({ reason: 'flaky 1' })],
      [b, 'kai', grantBody({ reason: 'flaky 2' })],
      [
        a,
        'kai',
        grantBody({ team: 'recsys', level: 'edit', reason: 'flaky 3' }),
      ],
      [b, 'lee', grantBody({ level: 'edit', reason: 'flaky 4' })],
    ];
    const granted = await Promise.all(
      requests.map(([backend, persona, body]) =>
        api(backend, persona, 'POST', '/access/grants', body),
      ),
    );
    // With the answer, so a failure says what the broker gave up on.
    expect(
      granted.map(r => (r.status === 201 ? 201 : [r.status, r.text])),
    ).toEqual([201, 201, 201, 201]);
    expect(awsLog.filter(r => r.faulted).length).toBeGreaterThan(3);

    // 2. EKS refuses every write for kai: the revocation is not confirmed, so not done.
    fault = r =>
      WRITES.has(r.operation!) && r.path.includes(ROLES.kai)
        ? { error: { status: 500, type: 'ServerException' } }
        : flaky(r);
    const kaiGrants = [granted[1].json, granted[2].json];
    const revokes = await Promise.all(
      kaiGrants.map((g, i) =>
        api(i ? a : b, 'kai', 'DELETE', `/access/grants/${g.id}`),
      ),
    );
    expect(revokes.map(r => r.status)).toEqual([503, 503]);
    expect(revokes[0].json.error.message).toMatch(/stays revoking/);
    expect(
      (
        await query(`SELECT state FROM aiml_grants WHERE id = ANY($1)`, [
          kaiGrants.map(g => g.id),
        ])
      ).map(r => r.state),
    ).toEqual(['revoking', 'revoking']);

    // 3. A grant for lee while EKS refuses to add its group: it fails, and whatever it added is taken back.
    fault = r =>
      r.operation === 'UpdateAccessEntry' && r.path.includes(ROLES.lee)
        ? { error: { status: 500, type: 'ServerException' } }
        : undefined;
    const failed = await api(
      a,
      'lee',
      'POST',
      '/access/grants',
      grantBody({ reason: 'during the outage' }),
    );
    expect(failed.status).toBe(503);

    // 4. EKS recovers; the reconciler (either replica) finishes everything.
    fault = () => undefined;
    await reconcileBoth();
    const rows = await query(
      `SELECT id, state, level, namespaces, principal_arn FROM aiml_grants WHERE reason LIKE 'flaky%' OR reason = 'during the outage'`,
    );
    expect(rows.filter(r => ['pending', 'revoking'].includes(r.state))).toEqual(
      [],
    );
    expect(
      rows.filter(r => kaiGrants.some(g => g.id === r.id)).map(r => r.state),
    ).toEqual(['revoked', 'revoked']);
    const failedGrant = rows.find(r => r.state === 'failed');
    expect(failedGrant).toMatchObject({
      principal_arn: ROLES.lee,
    });
    // Every entry carries exactly the groups of its principal's active grants, and
    // only those grants have RoleBindings.
    expect(await entryOf(ROLES.kai)).toBeUndefined();
    expect(await entryOf(ROLES.maya)).toMatchObject({
      groups: [group(granted[0].json.id)],
      policies: {},
    });
    expect(await entryOf(ROLES.lee)).toMatchObject({
      groups: [group(granted[3].json.id)],
      policies: {},
    });
    const bound = await grantIdsWithBindings();
    for (const row of rows) {
      expect({
        id: row.id,
        state: row.state,
        bound: bound.has(row.id),
      }).toEqual({
        id: row.id,
        state: row.state,
        bound: row.state === 'active',
      });
    }
    await revokeAll();
    for (const arn of Object.values(ROLES).filter(r => r !== ROLES.noor)) {
      expect({ arn, entry: await entryOf(arn) }).toEqual({
        arn,
        entry: undefined,
      });
    }
  });

  it('expires 500 grants on two replicas exactly once each', async () => {
    const people = ['maya', 'lee', 'kai'];
    const bodies = Array.from({ length: 500 }, (_, i) => ({
      persona: people[i % 3],
      body: grantBody({
        team: people[i % 3] === 'kai' && i % 2 ? 'recsys' : 'ml-research',
        level: i % 4 === 0 ? 'edit' : 'view',
        ttl: `PT${10 + (i % 10)}M`,
        reason: `batch job ${i}`,
      }),
    }));
    for (const persona of people) {
      await api(a, persona, 'GET', '/access/grants');
      await api(b, persona, 'GET', '/access/grants');
    }
    const ids: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async (_, worker) => {
        while (next < bodies.length) {
          const { persona, body } = bodies[next++];
          const res = await api(
            worker % 2 ? b : a,
            persona,
            'POST',
            '/access/grants',
            body,
          );
          // 200 only if a lost answer was retried (see api()).
          expect([200, 201]).toContain(res.status);
          ids.push(res.json.id);
        }
      }),
    );
    expect(new Set(ids).size).toBe(500);
    // One group per live grant on each entry, each grant with its RoleBinding.
    for (const persona of people) {
      const live = await query(
        `SELECT id FROM aiml_grants WHERE user_ref = $1 AND state = 'active'`,
        [`user:default/${persona}`],
      );
      expect(
        (await entryOf(ROLES[persona as keyof typeof ROLES]))!.groups,
      ).toEqual(live.map(r => group(r.id)).sort());
    }
    const boundBefore = await grantIdsWithBindings();
    expect(ids.filter(id => !boundBefore.has(id))).toEqual([]);

    awsLog.length = 0;
    const logOffsets = [a.output().length, b.output().length];
    sandbox.clock.advance(25 * 60_000);
    // The attached backends poll the sandbox clock every second.
    await sleep(2000);
    // Both replicas race to expire (and the scheduler may join in).
    const expired = [...(await reconcileBoth()), ...(await reconcileBoth())];
    for (let i = 0; i < 120; i++) {
      const [{ count }] = await query(
        `SELECT count(*)::int AS count FROM aiml_grants WHERE id = ANY($1) AND state <> 'revoked'`,
        [ids],
      );
      if (count === 0) break;
      await sleep(500);
    }
    const rows = await query(
      `SELECT id, state, end_reason FROM aiml_grants WHERE id = ANY($1)`,
      [ids],
    );
    expect(
      rows.filter(r => r.state !== 'revoked' || r.end_reason !== 'expired'),
    ).toEqual([]);
    // Each grant's expiry is audited exactly once, by one of the replicas.
    const logs =
      a.output().slice(logOffsets[0]) + b.output().slice(logOffsets[1]);
    const expiryLines = logs
      .split('\n')
      .filter(l => l.includes('access-grant-expire') && /succeeded/.test(l));
    const counts = new Map<string, number>();
    for (const line of expiryLines) {
      const id = ids.find(x => line.includes(x));
      if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    expect(counts.size).toBe(500);
    expect([...counts.values()].every(c => c === 1)).toBe(true);
    expect(expired.reduce((x, y) => x + y, 0)).toBeLessThanOrEqual(500);
    // EKS saw one deletion per principal, each confirmed, and no write twice.
    const writes = awsLog.filter(r => WRITES.has(r.operation!));
    expect(writes.map(r => `${r.operation} ${r.status}`).sort()).toEqual(
      people.map(() => 'DeleteAccessEntry 200'),
    );
    for (const persona of people) {
      expect(
        await entryOf(ROLES[persona as keyof typeof ROLES]),
      ).toBeUndefined();
    }
    const boundAfter = await grantIdsWithBindings();
    expect(ids.filter(id => boundAfter.has(id))).toEqual([]);
  });
});
