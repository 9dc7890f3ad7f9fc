import { signIn, waitForMembership } from '../support/personas';
import { dropDatabases } from '../support/postgres';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  getJson,
  TEST_TOKEN,
  PortalBackend,
  startPortalBackend,
  uniqueDatabasePrefix,
} from '../support/portalBackend';

jest.setTimeout(180_000);

/** The catalog processes its locations asynchronously: wait for an entity. */
async function waitForEntity(backend: PortalBackend, ref: string) {
  const [kind, name] = ref.split(':');
  for (let i = 0; i < 120; i++) {
    const res = await fetch(
      `${backend.baseUrl}/api/catalog/entities/by-name/${kind}/default/${name}`,
      { headers: { Authorization: 'Bearer aiml-test-static-token' } },
    );
    if (res.status === 200) return res.json();
    await sleep(500);
  }
  throw new Error(`${ref} never appeared in the catalog`);
}

const databases = [
  { name: 'SQLite in memory', port: 7101, configs: [] as string[] },
  {
    name: 'PostgreSQL',
    port: 7102,
    configs: ['app-config.postgres.yaml'],
    prefix: uniqueDatabasePrefix(),
  },
];

describe.each(databases)('the portal backend on $name', db => {
  let backend: PortalBackend;

  beforeAll(async () => {
    backend = await startPortalBackend({
      port: db.port,
      configs: db.configs,
      env: db.prefix ? { APP_CONFIG_backend_database_prefix: db.prefix } : {},
    });
  });

  afterAll(async () => {
    await backend?.stop();
    if (db.prefix) await dropDatabases(db.prefix);
  });

  it('answers its readiness probe', async () => {
    const res = await fetch(
      `${backend.baseUrl}/.backstage/health/v1/readiness`,
    );
    expect(res.status).toBe(200);
  });

  it('keeps an idle kept-alive connection open longer than clients keep theirs, so no request meets a closing socket', async () => {
    // Node closes idle connections after 5 s by default; clients keep theirs about as
    // long (undici 4 s, on 1 s timers), so a request could be sent on a socket the
    // server was closing ("other side closed"), as a load balancer's would (AWS ALB
    // keeps them 60 s).
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const liveness = () =>
      new Promise<{ status?: number; reused: boolean }>((resolve, reject) => {
        const req = http.get(
          `${backend.baseUrl}/.backstage/health/v1/liveness`,
          { agent },
          res => {
            res.resume();
            res.on('end', () =>
              resolve({ status: res.statusCode, reused: req.reusedSocket }),
            );
          },
        );
        req.on('error', reject);
      });
    try {
      expect(await liveness()).toEqual({ status: 200, reused: false });
      await sleep(6_000);
      expect(await liveness()).toEqual({ status: 200, reused: true });
    } finally {
      agent.destroy();
    }
  });

  it('loads the example organization and projects into the catalog', async () => {
    // The catalog ingests in no set order: wait for the last of each kind.
    await waitForEntity(backend, 'component:ranker-serving');
    for (const group of ['acme-ml', 'finops', 'platform-admins']) {
      await waitForEntity(backend, `group:${group}`);
    }
    const groups = await getJson(
      backend,
      '/api/catalog/entities?filter=kind=group&fields=metadata.name',
    );
    expect(groups.map((g: any) => g.metadata.name).sort()).toEqual([
      'acme-ml',
      'finops',
      'ml-platform',
      'ml-research',
      'platform-admins',
      'recsys',
    ]);
    const maya = await waitForEntity(backend, 'user:maya');
    expect(maya.spec.memberOf).toEqual(['ml-research']);
    const project = await waitForEntity(backend, 'component:llama-finetune');
    expect(project.spec.owner).toBe('ml-research');
    expect(project.metadata.annotations['backstage.io/kubernetes-id']).toBe(
      'llama-finetune',
    );
  });

  it('signs guests in as the example ML engineer, with her team', async () => {
    await waitForEntity(backend, 'user:maya');
    const res = await fetch(
      `${backend.baseUrl}/api/auth/guest/refresh?env=development`,
      { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.backstageIdentity.identity.userEntityRef).toBe(
      'user:default/maya',
    );
    expect(body.backstageIdentity.identity.ownershipEntityRefs).toContain(
      'group:default/ml-research',
    );
  });

  it('denies the Kubernetes proxy, whose identity is the portal’s own', async () => {
    await waitForEntity(backend, 'user:maya');
    const guest = await fetch(
      `${backend.baseUrl}/api/auth/guest/refresh?env=development`,
      { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
    ).then(r => r.json());
    const res = await fetch(
      `${backend.baseUrl}/api/kubernetes/proxy/api/v1/namespaces`,
      {
        headers: {
          Authorization: `Bearer ${guest.backstageIdentity.token}`,
          'Backstage-Kubernetes-Cluster': 'any',
        },
      },
    );
    expect(res.status).toBe(403);
    expect((await res.json()).error.name).toBe('NotAllowedError');
  });

  it("shows the sandbox's pods of an example Component through Backstage's Kubernetes plugin to its team", async () => {
    const entity = await waitForEntity(backend, 'component:llama-finetune');
    await waitForMembership(backend, 'maya', 'ml-research');
    // The tab shows a Component's objects to its owning team: maya is in ml-research.
    const maya = await signIn(backend, 'maya');
    const res = await fetch(
      `${backend.baseUrl}/api/kubernetes/services/llama-finetune`,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${maya}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ entity, auth: {} }),
      },
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.items.flatMap((i: any) => i.errors)).toEqual([]);
    const pods = Object.fromEntries(
      body.items.map((item: any) => [
        item.cluster.name,
        item.resources
          .filter((r: any) => r.type === 'pods')
          .flatMap((r: any) =>
            r.resources.map(
              (p: any) =>
                `${p.metadata.namespace}/${p.metadata.labels['backstage.io/kubernetes-id']}`,
            ),
          ),
      ]),
    );
    // llama-finetune runs on both sandbox clusters: A100 spot (use1) and H100 (usw2).
    expect(pods['ml-sandbox-use1']).toContain(
      'ml-research-training/llama-finetune',
    );
    expect(pods['ml-sandbox-usw2']).toContain(
      'ml-research-training/llama-finetune',
    );
    expect(
      Object.values(pods)
        .flat()
        .filter(p => !(p as string).endsWith('/llama-finetune')),
    ).toEqual([]);
  });

  it('lists the configured clusters with their accelerator capacity', async () => {
    const body = await getJson(backend, '/api/aiml/clusters');
    expect(body.items.map((c: any) => c.name)).toEqual([
      'ml-sandbox-use1',
      'ml-sandbox-usw2',
    ]);
    const use1 = body.items[0];
    expect(use1).toMatchObject({
      region: 'us-east-1',
      kubernetesVersion: '1.31',
      access: { strategy: 'token', maxTtlSeconds: 28800 },
    });
    expect(use1.error).toBeUndefined();
    expect(use1.capacity).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ pool: 'trn1', units: 32 }),
      ]),
    );
    expect(JSON.stringify(body)).not.toMatch(/BEGIN CERTIFICATE|k8s-aws-v1/);
  });

  it("answers a team's accelerator quota, and 404 naming an unknown team", async () => {
    await expect(
      getJson(backend, '/api/aiml/teams/ml-research/quota'),
    ).resolves.toEqual({
      team: 'ml-research',
      quota: { gpu: 8, neuronCores: 32 },
    });
    const res = await fetch(`${backend.baseUrl}/api/aiml/teams/nobody/quota`, {
      headers: { Authorization: `Bearer ${TEST_TOKEN}` },
    });
    expect(res.status).toBe(404);
    expect((await res.json()).error.message).toMatch(
      /No team "nobody".*group:default\/nobody/,
    );
  });
});
