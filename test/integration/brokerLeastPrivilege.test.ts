import fs from 'node:fs';
import diagnosticsChannel from 'node:diagnostics_channel';
import { ClientRequest } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  AuthorizationV1Api,
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  RbacAuthorizationV1Api,
  V1PolicyRule,
} from '@kubernetes/client-node';
import {
  BROKER_NAMESPACE,
  grantIdentityName,
  PRODUCT_ROLE_RULES,
} from '@eks-aiml/plugin-aiml-common';
import { makeKubernetesApi } from '@eks-aiml/plugin-aiml-node';
import { Sandbox } from '@eks-aiml/sandbox';
import { aimlApi } from '../support/aimlApi';
import { kubectl } from '../support/kubectl';
import {
  PortalBackend,
  startPortalBackend,
  uniqueDatabasePrefix,
} from '../support/portalBackend';
import { waitForMembership } from '../support/personas';
import { dropDatabases } from '../support/postgres';

jest.setTimeout(240_000);

const CLUSTER = 'ml-sandbox-use1';
const TEAM_NAMESPACES = ['ml-research-inference', 'ml-research-training'];

/** Rules as (group, resource, verb) triples, so two rule lists compare whatever their grouping. */
const triples = (
  rules: Array<Pick<V1PolicyRule, 'apiGroups' | 'resources' | 'verbs'>>,
) =>
  new Set(
    rules.flatMap(r =>
      (r.apiGroups ?? ['']).flatMap(g =>
        (r.resources ?? []).flatMap(res =>
          r.verbs.map(v => `${g}|${res}|${v}`),
        ),
      ),
    ),
  );

/**
 * Issue 17's attacks through the real wire: the portal backend on PostgreSQL,
 * attached to a sandbox whose API servers enforce RBAC, the bundle's admission
 * policies and the token controller as Kubernetes does; the grantee uses the real
 * Kubernetes client and kubectl 1.33 with the kubeconfig the portal gave them.
 */
describe('a grant holds what its level grants, and nothing outlives it', () => {
  let sandbox: Sandbox;
  let backend: PortalBackend;
  let api: ReturnType<typeof aimlApi>;
  const prefix = uniqueDatabasePrefix();
  let admin: { core: CoreV1Api; rbac: RbacAuthorizationV1Api };

  const loadKubeConfig = (kubeconfig: string) => {
    const config = new KubeConfig();
    config.loadFromString(kubeconfig);
    return config;
  };

  /** The same cluster and CA as a kubeconfig, with another bearer token. */
  const withToken = (kubeconfig: string, token: string) => {
    const config = loadKubeConfig(kubeconfig);
    const user = config.getCurrentUser()!;
    config.users = config.users.map(u =>
      u.name === user.name ? { ...u, token } : u,
    );
    return config.exportConfig();
  };

  /** Clients acting with a kubeconfig the portal handed out. */
  const as = (kubeconfig: string) => {
    const kc = new KubeConfig();
    kc.loadFromString(kubeconfig);
    return {
      kubeconfig,
      core: kc.makeApiClient(CoreV1Api),
      rbac: kc.makeApiClient(RbacAuthorizationV1Api),
      authz: kc.makeApiClient(AuthorizationV1Api),
    };
  };

  const grant = async (persona: string, body: Record<string, unknown>) => {
    const created = await api(persona, 'POST', '/access/grants', {
      cluster: CLUSTER,
      team: 'ml-research',
      level: 'edit',
      ttl: 'PT1H',
      reason: 'least-privilege test',
      ...body,
    });
    expect(created.status).toBe(201);
    const kubeconfig = await api(
      persona,
      'GET',
      `/access/grants/${created.json.id}/kubeconfig`,
    );
    expect(kubeconfig.status).toBe(200);
    return { id: created.json.id as string, ...as(kubeconfig.text) };
  };

  const rulesIn = async (
    client: ReturnType<typeof as>,
    namespace: string,
  ): Promise<Set<string>> => {
    const review = await client.authz.createSelfSubjectRulesReview({
      body: { spec: { namespace } },
    });
    expect(review.status?.incomplete).toBe(false);
    return triples(review.status?.resourceRules ?? []);
  };

  const status = (p: Promise<unknown>) =>
    p.then(
      () => 200,
      (e: any) => e.code ?? e.statusCode ?? -1,
    );

  /** Tokens of identities an older release (5882eca) left, minted before the portal starts. */
  const oldTokens = new Map<string, string>();

  /** What a cluster used by 5882eca held: a deployer bound to edit, an old grant's ServiceAccount in a team namespace, a grantee's backdoor. */
  const seedOlderRelease = async () => {
    const kc = new KubeConfig();
    kc.loadFromString(sandbox.kubeconfig());
    kc.setCurrentContext(CLUSTER);
    const core = kc.makeApiClient(CoreV1Api);
    const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
    const old: Array<{
      ns: string;
      name: string;
      role: string;
      labels: Record<string, string>;
    }> = [
      {
        ns: TEAM_NAMESPACES[1],
        name: 'llama-finetune-deployer',
        role: 'edit',
        labels: {
          'app.kubernetes.io/managed-by': 'eks-aiml',
          team: 'ml-research',
        },
      },
      {
        ns: TEAM_NAMESPACES[1],
        name: 'aiml-grant-0ld000000001',
        role: 'edit',
        labels: {
          'app.kubernetes.io/managed-by': 'eks-aiml',
          'aiml.eks.aws/grant-id': '0ld000000001',
        },
      },
      { ns: TEAM_NAMESPACES[0], name: 'backdoor', role: 'admin', labels: {} },
    ];
    for (const o of old) {
      await core.createNamespacedServiceAccount({
        namespace: o.ns,
        body: { metadata: { name: o.name, labels: o.labels } },
      });
      await rbac.createNamespacedRoleBinding({
        namespace: o.ns,
        body: {
          metadata: { name: o.name, labels: o.labels },
          roleRef: {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'ClusterRole',
            name: o.role,
          },
          subjects: [{ kind: 'ServiceAccount', name: o.name, namespace: o.ns }],
        },
      });
      const token = await core.createNamespacedServiceAccountToken({
        name: o.name,
        namespace: o.ns,
        body: { spec: { audiences: [], expirationSeconds: 172800 } },
      });
      oldTokens.set(`${o.ns}/${o.name}`, token.status!.token);
    }
  };

  beforeAll(async () => {
    sandbox = await Sandbox.start();
    await seedOlderRelease();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-sandbox-'));
    sandbox.writeOut(dir);
    backend = await startPortalBackend({
      port: 7135,
      configs: ['app-config.postgres.yaml'],
      env: {
        APP_CONFIG_backend_database_prefix: prefix,
        APP_CONFIG_aiml_sandbox_enabled: 'false',
        APP_CONFIG_aiml_sandbox_attach: dir,
      },
    });
    api = aimlApi(backend);
    for (let i = 0; i < 120; i++) {
      if ((await api('service', 'GET', '/clusters')).status === 200) break;
      await sleep(250);
    }
    await waitForMembership(backend, 'maya', 'ml-research');
    await waitForMembership(backend, 'lee', 'ml-research');
    await waitForMembership(backend, 'alex', 'platform-admins');
    const kc = new KubeConfig();
    kc.loadFromString(sandbox.kubeconfig());
    kc.setCurrentContext(CLUSTER);
    admin = {
      core: kc.makeApiClient(CoreV1Api),
      rbac: kc.makeApiClient(RbacAuthorizationV1Api),
    };
  });

  afterAll(async () => {
    await backend?.stop();
    await sandbox?.stop();
    await dropDatabases(prefix);
  });

  it.each(['view', 'edit'] as const)(
    'a %s grant holds exactly its level of the bundle in each team namespace (SelfSubjectRulesReview, kubectl auth can-i --list)',
    async level => {
      const g = await grant('maya', { level, reason: `rules of ${level}` });
      // What every authenticated identity holds anyway (reviews, discovery).
      const base = await rulesIn(g, BROKER_NAMESPACE);
      const expected = new Set([
        ...base,
        ...triples(PRODUCT_ROLE_RULES[level]),
      ]);
      for (const namespace of TEAM_NAMESPACES) {
        expect([...(await rulesIn(g, namespace))].sort()).toEqual(
          [...expected].sort(),
        );
      }
      expect([...(await rulesIn(g, 'recsys-training'))].sort()).toEqual(
        [...base].sort(),
      );
      const run = kubectl(g.kubeconfig);
      const list = await run(
        'auth',
        'can-i',
        '--list',
        '-n',
        TEAM_NAMESPACES[1],
      );
      expect(list.code).toBe(0);
      expect(list.out).toMatch(/^pods\s/m);
      expect(list.out).not.toMatch(/serviceaccounts\/token/);
      expect(
        (
          await run(
            'auth',
            'can-i',
            'create',
            'serviceaccounts/token',
            '-n',
            TEAM_NAMESPACES[1],
          )
        ).out.trim(),
      ).toBe('no');
      // The golden paths' autoscalers and scrape configs: readable, never writable
      // (a ScaledObject's paused annotation holds a workload until its start).
      for (const resource of [
        'scaledobjects.keda.sh',
        'podmonitors.monitoring.coreos.com',
      ]) {
        const can = async (verb: string) =>
          (
            await run('auth', 'can-i', verb, resource, '-n', TEAM_NAMESPACES[1])
          ).out.trim();
        expect(await can('list')).toBe('yes');
        expect(await can('patch')).toBe('no');
        expect(await can('create')).toBe('no');
      }
      await api('maya', 'DELETE', `/access/grants/${g.id}`);
    },
  );

  it.each(['view', 'edit'] as const)(
    "on an access-entry cluster, a %s grant gives the person's own role exactly its level, and nothing after revoke",
    async level => {
      const created = await api('maya', 'POST', '/access/grants', {
        cluster: 'ml-sandbox-usw2',
        team: 'ml-research',
        level,
        ttl: 'PT1H',
        reason: `access entry ${level}`,
      });
      expect(created.status).toBe(201);
      const admins = loadKubeConfig(sandbox.kubeconfig());
      admins.setCurrentContext('ml-sandbox-usw2');
      const person = as(
        withToken(
          admins.exportConfig(),
          await sandbox.eksTokenForRole(
            'arn:aws:iam::111122223333:role/ml-engineers/maya',
            'ml-sandbox-usw2',
          ),
        ),
      );
      const base = await rulesIn(person, BROKER_NAMESPACE);
      expect(
        [...(await rulesIn(person, 'ml-research-training'))].sort(),
      ).toEqual(
        [...new Set([...base, ...triples(PRODUCT_ROLE_RULES[level])])].sort(),
      );
      expect(
        (await api('maya', 'DELETE', `/access/grants/${created.json.id}`))
          .status,
      ).toBe(200);
      expect(
        await status(
          person.core.listNamespacedPod({ namespace: 'ml-research-training' }),
        ),
      ).not.toBe(200);
    },
  );

  it('break-glass admin holds the admin level and still cannot mint an identity', async () => {
    const g = await grant('alex', {
      team: 'recsys',
      level: 'admin',
      breakGlass: true,
      ttl: 'PT30M',
      reason: 'incident 42',
    });
    const base = await rulesIn(g, BROKER_NAMESPACE);
    expect([...(await rulesIn(g, 'recsys-training'))].sort()).toEqual(
      [...new Set([...base, ...triples(PRODUCT_ROLE_RULES.admin)])].sort(),
    );
    const run = kubectl(g.kubeconfig);
    for (const [verb, resource] of [
      ['create', 'serviceaccounts/token'],
      ['create', 'serviceaccounts'],
      ['create', 'rolebindings'],
      ['impersonate', 'serviceaccounts'],
      ['create', 'networkpolicies'],
    ]) {
      expect(
        (
          await run('auth', 'can-i', verb, resource, '-n', 'recsys-training')
        ).out.trim(),
      ).toBe('no');
    }
    expect((await api('alex', 'DELETE', `/access/grants/${g.id}`)).status).toBe(
      200,
    );
  });

  it('an edit grantee finds no way to keep access, and revoking leaves nothing that authenticates', async () => {
    const teammate = await grant('lee', { reason: 'teammate' });
    const g = await grant('maya', { reason: 'try to keep access' });
    const ns = TEAM_NAMESPACES[1];
    const teammateSa = grantIdentityName(teammate.id);

    // Tokens for every ServiceAccount in reach: the teammate's grant, the namespace's default, its own.
    for (const [namespace, name] of [
      [BROKER_NAMESPACE, teammateSa],
      [BROKER_NAMESPACE, grantIdentityName(g.id)],
      [ns, 'default'],
    ]) {
      expect(
        await status(
          g.core.createNamespacedServiceAccountToken({
            name,
            namespace,
            body: { spec: { audiences: [], expirationSeconds: 172800 } },
          }),
        ),
      ).toBe(403);
    }
    // Deleting the teammate's grant identity.
    expect(
      await status(
        g.core.deleteNamespacedServiceAccount({
          name: teammateSa,
          namespace: BROKER_NAMESPACE,
        }),
      ),
    ).toBe(403);
    // A ServiceAccount and a RoleBinding of its own.
    expect(
      await status(
        g.core.createNamespacedServiceAccount({
          namespace: ns,
          body: { metadata: { name: 'backdoor' } },
        }),
      ),
    ).toBe(403);
    expect(
      await status(
        g.rbac.createNamespacedRoleBinding({
          namespace: ns,
          body: {
            metadata: { name: 'backdoor' },
            roleRef: {
              apiGroup: 'rbac.authorization.k8s.io',
              kind: 'ClusterRole',
              name: 'admin',
            },
            subjects: [
              { kind: 'ServiceAccount', name: 'default', namespace: ns },
            ],
          },
        }),
      ),
    ).toBe(403);
    // A never-expiring token Secret for the namespace's default ServiceAccount.
    expect(
      await status(
        g.core.createNamespacedSecret({
          namespace: ns,
          body: {
            metadata: {
              name: 'forever',
              annotations: { 'kubernetes.io/service-account.name': 'default' },
            },
            type: 'kubernetes.io/service-account-token',
          },
        }),
      ),
    ).toBe(403);
    // Pods running as anything but a workload ServiceAccount, by name or by the deprecated alias.
    const pod = (spec: Record<string, unknown>) =>
      g.core.createNamespacedPod({
        namespace: ns,
        body: {
          metadata: { generateName: 'keep-' },
          spec: { containers: [{ name: 'c', image: 'busybox' }], ...spec },
        },
      });
    expect(await status(pod({}))).toBe(403);
    expect(await status(pod({ serviceAccountName: 'default' }))).toBe(403);
    expect(await status(pod({ serviceAccount: 'default' }))).toBe(403);
    expect(await status(pod({ hostNetwork: true }))).toBe(403);
    // Impersonation, with kubectl as a person would.
    const run = kubectl(g.kubeconfig);
    const impersonated = await run(
      'get',
      'pods',
      '-n',
      ns,
      `--as=system:serviceaccount:${BROKER_NAMESPACE}:${teammateSa}`,
    );
    expect(impersonated.code).not.toBe(0);
    expect(impersonated.out).toMatch(/cannot impersonate/);
    // Where Kubernetes allows it, shown harmless. A CronJob whose pods would run as
    // `default` is accepted, as on any cluster, but its controller's pods meet the same
    // admission policy: the pod its template makes is refused.
    const template = {
      metadata: { labels: { app: 'keep' } },
      spec: {
        serviceAccountName: 'default',
        restartPolicy: 'Never',
        containers: [{ name: 'c', image: 'busybox' }],
      },
    };
    const cronJobs = loadKubeConfig(g.kubeconfig).makeApiClient(BatchV1Api);
    expect(
      await status(
        cronJobs.createNamespacedCronJob({
          namespace: ns,
          body: {
            metadata: { name: 'keep-alive' },
            spec: {
              schedule: '*/5 * * * *',
              jobTemplate: { spec: { template } },
            },
          },
        }),
      ),
    ).toBe(200);
    expect(
      await status(
        g.core.createNamespacedPod({
          namespace: ns,
          body: { ...template, metadata: { generateName: 'keep-alive-' } },
        }),
      ),
    ).toBe(403);
    // exec into a teammate's pod reads its workload ServiceAccount's token: that identity
    // holds nothing in Kubernetes beyond what every authenticated identity holds.
    await admin.core.createNamespacedServiceAccount({
      namespace: ns,
      body: { metadata: { name: 'llama-finetune-workload' } },
    });
    const workloadToken = (
      await admin.core.createNamespacedServiceAccountToken({
        name: 'llama-finetune-workload',
        namespace: ns,
        body: { spec: { audiences: [], expirationSeconds: 3600 } },
      })
    ).status!.token;
    const workload = as(withToken(g.kubeconfig, workloadToken));
    expect([...(await rulesIn(workload, ns))].sort()).toEqual(
      [...(await rulesIn(workload, BROKER_NAMESPACE))].sort(),
    );
    expect(
      await status(workload.core.listNamespacedSecret({ namespace: ns })),
    ).toBe(403);
    // What it could do, it did: it still works until the grant ends.
    expect(await status(g.core.listNamespacedPod({ namespace: ns }))).toBe(200);

    expect((await api('maya', 'DELETE', `/access/grants/${g.id}`)).status).toBe(
      200,
    );
    expect(await status(g.core.listNamespacedPod({ namespace: ns }))).toBe(401);
    expect((await run('get', 'pods', '-n', ns)).out).toMatch(
      /Unauthorized|provide credentials/,
    );
    // The teammate's grant is untouched; nothing of maya's grant is left anywhere.
    expect(
      await status(teammate.core.listNamespacedPod({ namespace: ns })),
    ).toBe(200);
    const leftovers = await admin.rbac.listRoleBindingForAllNamespaces({
      labelSelector: `aiml.eks.aws/grant-id=${g.id}`,
    });
    expect(leftovers.items).toEqual([]);
    const accounts = await admin.core.listServiceAccountForAllNamespaces({
      labelSelector: `aiml.eks.aws/grant-id=${g.id}`,
    });
    expect(accounts.items).toEqual([]);
    await api('lee', 'DELETE', `/access/grants/${teammate.id}`);
  });

  it('a revoked token answers 401 on a connection kept alive from before the revoke', async () => {
    const g = await grant('maya', { level: 'view', reason: 'keep-alive' });
    const ns = TEAM_NAMESPACES[0];
    // The product's own client: one kept-alive TLS connection per cluster identity.
    const core = makeKubernetesApi(loadKubeConfig(g.kubeconfig), CoreV1Api);
    await core.listNamespacedPod({ namespace: ns });
    // Whether each request of this process to the cluster's API server went on a reused connection.
    const port = Number(
      new URL(loadKubeConfig(g.kubeconfig).getCurrentCluster()!.server).port,
    );
    const reused: boolean[] = [];
    const onResponse = (message: unknown) => {
      const { request } = message as { request: ClientRequest };
      if (request.socket?.remotePort === port) {
        reused.push(request.reusedSocket);
      }
    };
    diagnosticsChannel.subscribe('http.client.response.finish', onResponse);
    try {
      expect(await status(core.listNamespacedPod({ namespace: ns }))).toBe(200);
      expect(
        (await api('maya', 'DELETE', `/access/grants/${g.id}`)).status,
      ).toBe(200);
      expect(await status(core.listNamespacedPod({ namespace: ns }))).toBe(401);
    } finally {
      diagnosticsChannel.unsubscribe('http.client.response.finish', onResponse);
    }
    // Both on the connection kept from before: the 401 came where a 200 had.
    expect(reused).toEqual([true, true]);
  });

  it('cleans a cluster an older release used at start-up: every token it left answers 401', async () => {
    const kc = new KubeConfig();
    kc.loadFromString(sandbox.kubeconfig());
    kc.setCurrentContext(CLUSTER);
    const asToken = (token: string) => {
      const user = { name: 'old', token };
      const copy = new KubeConfig();
      copy.loadFromOptions({
        clusters: kc.clusters,
        users: [user],
        contexts: [
          { name: 'old', cluster: kc.getCurrentCluster()!.name, user: 'old' },
        ],
        currentContext: 'old',
      });
      return copy.makeApiClient(CoreV1Api);
    };
    const answers = async () =>
      Promise.all(
        [...oldTokens.entries()].map(async ([id, token]) => {
          const [namespace] = id.split('/');
          return `${id} ${await status(
            asToken(token).listNamespacedPod({ namespace }),
          )}`;
        }),
      );
    let last: string[] = [];
    for (let i = 0; i < 60; i++) {
      last = await answers();
      if (last.every(a => a.endsWith(' 401'))) break;
      await sleep(1000);
    }
    expect(last.sort()).toEqual(
      [...oldTokens.keys()].map(id => `${id} 401`).sort(),
    );
    const bindings = await admin.rbac.listNamespacedRoleBinding({
      namespace: TEAM_NAMESPACES[1],
    });
    expect(bindings.items.map(b => b.metadata!.name)).not.toContain(
      'llama-finetune-deployer',
    );
  });

  it('refuses grants on a cluster whose bundle differs, naming what differs, until it is restored', async () => {
    const original = await admin.rbac.readClusterRole({ name: 'aiml-edit' });
    await admin.rbac.replaceClusterRole({
      name: 'aiml-edit',
      body: {
        ...original,
        rules: [
          ...(original.rules ?? []),
          {
            apiGroups: [''],
            resources: ['serviceaccounts/token'],
            verbs: ['create'],
          },
        ],
      },
    });
    // The check answers for a minute of the backend's clock (the sandbox clock).
    sandbox.clock.advance(61_000);
    await sleep(1500);
    const refused = await api('maya', 'POST', '/access/grants', {
      cluster: CLUSTER,
      team: 'ml-research',
      level: 'view',
      ttl: 'PT1H',
      reason: 'tampered cluster',
    });
    expect(refused.status).toBe(503);
    expect(refused.json.error.message).toContain(
      'ClusterRole aiml-edit: rules differs from the bundle',
    );
    expect(refused.json.error.message).toContain(
      'kubectl apply -k deploy/cluster-bootstrap',
    );
    const current = await admin.rbac.readClusterRole({ name: 'aiml-edit' });
    await admin.rbac.replaceClusterRole({
      name: 'aiml-edit',
      body: { ...current, rules: original.rules },
    });
    sandbox.clock.advance(61_000);
    await sleep(1500);
    const again = await api('maya', 'POST', '/access/grants', {
      cluster: CLUSTER,
      team: 'ml-research',
      level: 'view',
      ttl: 'PT1H',
      reason: 'restored cluster',
    });
    expect(again.status).toBe(201);
    await api('maya', 'DELETE', `/access/grants/${again.json.id}`);
  });

  it('caps live grants per person, cluster and team (aiml.access.maxLiveGrantsPerUser, 3), a repeated request still answered', async () => {
    const request = (reason: string) =>
      api('lee', 'POST', '/access/grants', {
        cluster: CLUSTER,
        team: 'ml-research',
        level: 'view',
        ttl: 'PT1H',
        reason,
      });
    const made = [];
    for (const reason of ['cap 1', 'cap 2', 'cap 3']) {
      const answer = await request(reason);
      expect(answer.status).toBe(201);
      made.push(answer.json.id);
    }
    const fourth = await request('cap 4');
    expect(fourth.status).toBe(429);
    expect(fourth.json.error.message).toContain(
      'aiml.access.maxLiveGrantsPerUser',
    );
    const repeated = await request('cap 1');
    expect(repeated.status).toBe(200);
    expect(repeated.json.id).toBe(made[0]);
    const accounts = await admin.core.listNamespacedServiceAccount({
      namespace: BROKER_NAMESPACE,
      labelSelector: 'aiml.eks.aws/grant-id',
    });
    expect(
      accounts.items.filter(
        a =>
          a.metadata?.annotations?.['aiml.eks.aws/grantee'] ===
          'user:default/lee',
      ),
    ).toHaveLength(3);
    for (const id of made) {
      expect((await api('lee', 'DELETE', `/access/grants/${id}`)).status).toBe(
        200,
      );
    }
    expect((await request('cap 4')).status).toBe(201);
  });
});
