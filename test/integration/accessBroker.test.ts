import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { Sandbox } from '@eks-aiml/sandbox';
import {
  PortalBackend,
  startPortalBackend,
  BURST_LIMITS,
  TEST_TOKEN,
  uniqueDatabasePrefix,
} from '../support/portalBackend';
import { signIn, waitForMembership } from '../support/personas';
import { postgres, dropDatabases } from '../support/postgres';

jest.setTimeout(180_000);

/**
 * The access broker through the real portal backend (PostgreSQL), attached to a
 * sandbox running in this test process, with the real Kubernetes client.
 */
describe('the access broker (token strategy)', () => {
  let sandbox: Sandbox;
  let backend: PortalBackend;
  const prefix = uniqueDatabasePrefix();
  const tokens = new Map<string, string>();
  const issuedTokens: string[] = [];

  const api = async (
    persona: string | null,
    method: string,
    urlPath: string,
    body?: unknown,
  ) => {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
    };
    if (persona === 'service') headers.Authorization = `Bearer ${TEST_TOKEN}`;
    else if (persona) {
      if (!tokens.has(persona))
        tokens.set(persona, await signIn(backend, persona));
      headers.Authorization = `Bearer ${tokens.get(persona)}`;
    }
    const res = await fetch(`${backend.baseUrl}/api/aiml${urlPath}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text, headers: res.headers };
  };

  const grantBody = {
    cluster: 'ml-sandbox-use1',
    team: 'ml-research',
    level: 'edit',
    ttl: 'PT1H',
    reason: 'debug a run',
  };

  /** Every grant object on the cluster, to prove refused requests change nothing. */
  const grantObjects = async () => {
    const kc = new KubeConfig();
    kc.loadFromString(sandbox.kubeconfig());
    kc.setCurrentContext('ml-sandbox-use1');
    const core = kc.makeApiClient(CoreV1Api);
    const sas = await core.listServiceAccountForAllNamespaces({
      labelSelector: 'aiml.eks.aws/grant-id',
    });
    return sas.items
      .map(s => `${s.metadata!.namespace}/${s.metadata!.name}`)
      .sort();
  };

  const kubeClient = (kubeconfig: string) => {
    const kc = new KubeConfig();
    kc.loadFromString(kubeconfig);
    issuedTokens.push(kc.getCurrentUser()!.token!);
    return kc.makeApiClient(CoreV1Api);
  };

  const moveClock = async (seconds: number) => {
    sandbox.clock.advance(seconds * 1000);
    // The attached backend polls the sandbox clock every second.
    await sleep(1500);
    const res = await api('service', 'POST', '/access/reconcile');
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    sandbox = await Sandbox.start();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-sandbox-'));
    sandbox.writeOut(dir);
    backend = await startPortalBackend({
      port: 7121,
      configs: ['app-config.postgres.yaml'],
      env: {
        APP_CONFIG_backend_database_prefix: prefix,
        APP_CONFIG_aiml_sandbox_enabled: 'false',
        APP_CONFIG_aiml_sandbox_attach: dir,
        ...BURST_LIMITS,
      },
    });
    for (let i = 0; i < 120; i++) {
      const res = await api('service', 'GET', '/clusters');
      if (res.status === 200) break;
      await sleep(250);
    }
    // Tokens carry the memberships the catalog knew at sign-in: wait for them first.
    await waitForMembership(backend, 'maya', 'ml-research');
    await waitForMembership(backend, 'lee', 'ml-research');
    await waitForMembership(backend, 'omar', 'recsys');
    await waitForMembership(backend, 'alex', 'platform-admins');
    // The catalog must know the personas before anyone signs in.
    for (let i = 0; i < 120; i++) {
      try {
        await signIn(backend, 'alex');
        break;
      } catch {
        await sleep(500);
      }
    }
  });

  afterAll(async () => {
    await backend?.stop();
    await sandbox?.stop();
    await dropDatabases(prefix);
  });

  it("gives an ML engineer edit on her team's namespaces, and nothing more", async () => {
    const created = await api('maya', 'POST', '/access/grants', grantBody);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      state: 'active',
      level: 'edit',
      userRef: 'user:default/maya',
      namespaces: ['ml-research-inference', 'ml-research-training'],
    });
    const kubeconfig = await api(
      'maya',
      'GET',
      `/access/grants/${created.json.id}/kubeconfig`,
    );
    expect(kubeconfig.status).toBe(200);
    expect(kubeconfig.headers.get('cache-control')).toBe('no-store');
    const core = kubeClient(kubeconfig.text);
    const pods = await core.listNamespacedPod({
      namespace: 'ml-research-training',
    });
    expect(pods.items.length).toBeGreaterThan(0);
    await expect(
      core.listNamespacedPod({ namespace: 'recsys-training' }),
    ).rejects.toMatchObject({ code: 403 });
    await expect(core.listNamespace()).rejects.toMatchObject({ code: 403 });
    await expect(core.listNode()).rejects.toMatchObject({ code: 403 });
  });

  it('lets nobody else read the kubeconfig, and hides the grant from other teams', async () => {
    const { json: grant } = await api(
      'maya',
      'POST',
      '/access/grants',
      grantBody,
    );
    expect(
      (await api('omar', 'GET', `/access/grants/${grant.id}/kubeconfig`))
        .status,
    ).toBe(403);
    expect(
      (await api('lee', 'GET', `/access/grants/${grant.id}/kubeconfig`)).status,
    ).toBe(403);
    expect(
      (await api('omar', 'GET', `/access/grants/${grant.id}`)).status,
    ).toBe(404);
    const leeSees = await api('lee', 'GET', '/access/grants');
    expect(leeSees.json.items.map((g: any) => g.id)).toContain(grant.id);
    const omarSees = await api('omar', 'GET', '/access/grants');
    expect(omarSees.json.items.map((g: any) => g.id)).not.toContain(grant.id);
    expect(
      (await api('omar', 'DELETE', `/access/grants/${grant.id}`)).status,
    ).toBe(404);
  });

  it('revokes at once: the kubeconfig stops working', async () => {
    const { json: grant } = await api(
      'maya',
      'POST',
      '/access/grants',
      grantBody,
    );
    const core = kubeClient(
      (await api('maya', 'GET', `/access/grants/${grant.id}/kubeconfig`)).text,
    );
    await core.listNamespacedPod({ namespace: 'ml-research-training' });
    const revoked = await api('maya', 'DELETE', `/access/grants/${grant.id}`);
    expect(revoked.json).toMatchObject({
      state: 'revoked',
      endReason: 'revoked',
      revokedBy: 'user:default/maya',
    });
    await expect(
      core.listNamespacedPod({ namespace: 'ml-research-training' }),
    ).rejects.toMatchObject({ code: 401 });
    expect(await grantObjects()).not.toContain(
      `aiml-access/aiml-grant-${grant.id}`,
    );
  });

  it("lets the team's lead revoke a member's grant", async () => {
    const { json: grant } = await api(
      'maya',
      'POST',
      '/access/grants',
      grantBody,
    );
    const revoked = await api('lee', 'DELETE', `/access/grants/${grant.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.json).toMatchObject({
      state: 'revoked',
      revokedBy: 'user:default/lee',
    });
  });

  it.each([
    ['a team she is not in', 'maya', { ...grantBody, team: 'recsys' }, 403],
    [
      'admin level without break-glass',
      'maya',
      { ...grantBody, level: 'admin' },
      400,
    ],
    [
      'cluster-admin level',
      'maya',
      { ...grantBody, level: 'cluster-admin' },
      400,
    ],
    [
      'a TTL above the cluster maximum',
      'maya',
      { ...grantBody, ttl: 'PT9H' },
      400,
    ],
    ['a zero TTL', 'maya', { ...grantBody, ttl: 'PT0S' }, 400],
    ['a malformed TTL', 'maya', { ...grantBody, ttl: 'soon' }, 400],
    ['an unknown cluster', 'maya', { ...grantBody, cluster: 'prod-east' }, 404],
    [
      'a URL instead of a cluster',
      'maya',
      { ...grantBody, cluster: 'https://10.0.0.1:443' },
      400,
    ],
    [
      'a namespace list',
      'maya',
      { ...grantBody, namespaces: ['kube-system'] },
      400,
    ],
    [
      'a principal',
      'maya',
      { ...grantBody, principalArn: 'arn:aws:iam::111122223333:role/x' },
      400,
    ],
    [
      'break-glass by a non-admin',
      'lee',
      { ...grantBody, level: undefined, breakGlass: true, ttl: 'PT30M' },
      403,
    ],
    ['an unauthenticated caller', null, grantBody, 401],
    ['a service caller', 'service', grantBody, 403],
  ])(
    'refuses %s with a clear 4xx and changes nothing',
    async (_case, persona, body, status) => {
      const before = await grantObjects();
      const res = await api(
        persona as string | null,
        'POST',
        '/access/grants',
        body,
      );
      expect(res.status).toBe(status);
      expect(res.json?.error?.message).toEqual(expect.any(String));
      expect(res.json?.error?.stack).toBeUndefined();
      expect(res.text).not.toMatch(/\\n\s+at |\n\s+at /); // no stack trace
      expect(await grantObjects()).toEqual(before);
    },
  );

  it('lets a platform admin break glass on any team, audited as such', async () => {
    const res = await api('alex', 'POST', '/access/grants', {
      cluster: 'ml-sandbox-use1',
      team: 'recsys',
      breakGlass: true,
      ttl: 'PT30M',
      reason: 'incident 4711: ranker stuck',
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      level: 'admin',
      breakGlass: true,
      namespaces: ['recsys-training'],
    });
    const core = kubeClient(
      (await api('alex', 'GET', `/access/grants/${res.json.id}/kubeconfig`))
        .text,
    );
    await core.listNamespacedPod({ namespace: 'recsys-training' });
    await expect(
      core.listNamespacedPod({ namespace: 'ml-research-training' }),
    ).rejects.toMatchObject({ code: 403 });
    await expect(
      api('alex', 'POST', '/access/grants', {
        cluster: 'ml-sandbox-use1',
        team: 'recsys',
        breakGlass: true,
        ttl: 'PT2H',
        reason: 'x y z',
      }),
    ).resolves.toMatchObject({ status: 400 });
    expect(backend.output()).toMatch(
      /access-grant-request[^\n]*breakGlass[^\n]*true|breakGlass[^\n]*true[^\n]*access-grant-request/,
    );
  });

  it('expires grants on the sandbox clock and removes their objects', async () => {
    const { json: grant } = await api('maya', 'POST', '/access/grants', {
      ...grantBody,
      ttl: 'PT15M',
    });
    const core = kubeClient(
      (await api('maya', 'GET', `/access/grants/${grant.id}/kubeconfig`)).text,
    );
    expect(await grantObjects()).toContain(
      `aiml-access/aiml-grant-${grant.id}`,
    );
    await moveClock(16 * 60);
    const after = await api('maya', 'GET', `/access/grants/${grant.id}`);
    expect(after.json).toMatchObject({
      state: 'revoked',
      endReason: 'expired',
    });
    expect(await grantObjects()).not.toContain(
      `aiml-access/aiml-grant-${grant.id}`,
    );
    await expect(
      core.listNamespacedPod({ namespace: 'ml-research-training' }),
    ).rejects.toMatchObject({ code: 401 });
  });

  it('denies the Kubernetes proxy to every persona', async () => {
    for (const persona of ['maya', 'lee', 'fatima', 'alex']) {
      if (!tokens.has(persona))
        tokens.set(persona, await signIn(backend, persona));
      const res = await fetch(
        `${backend.baseUrl}/api/kubernetes/proxy/api/v1/namespaces`,
        {
          headers: {
            Authorization: `Bearer ${tokens.get(persona)}`,
            'Backstage-Kubernetes-Cluster': 'ml-sandbox-use1',
          },
        },
      );
      expect({ persona, status: res.status }).toEqual({ persona, status: 403 });
    }
  });

  it("pages the grant list: a member's grant behind 510 newer ones of another team, each grant once", async () => {
    const { json: mine } = await api(
      'maya',
      'POST',
      '/access/grants',
      grantBody,
    );
    // Newer finished grants of recsys, straight into the database: more than the old cap of 500.
    const db = new Client({ ...postgres, database: `${prefix}aiml` });
    await db.connect();
    const total = async () =>
      Number(
        (await db.query('SELECT count(*) AS n FROM aiml_grants')).rows[0].n,
      );
    try {
      await db.query(
        `INSERT INTO aiml_grants (id, user_ref, team, cluster, level, break_glass, strategy,
           namespaces, reason, state, created_at, expires_at, updated_at)
         SELECT 'f' || lpad(to_hex(i), 11, '0'), 'user:default/omar', 'recsys', 'ml-sandbox-use1',
           'view', false, 'token', '["recsys-training"]', 'paging test', 'revoked',
           $1::bigint + i, $1::bigint + i + 3600000, $1::bigint + i
         FROM generate_series(0, 509) AS i`,
        [Date.parse(mine.createdAt) + 1000],
      );

      const maya = await api('maya', 'GET', '/access/grants');
      expect(maya.status).toBe(200);
      expect(maya.json.items.map((g: any) => g.id)).toContain(mine.id);
      expect(new Set(maya.json.items.map((g: any) => g.team))).toEqual(
        new Set(['ml-research']),
      );
      const lee = await api('lee', 'GET', '/access/grants?state=active');
      expect(lee.json.items.map((g: any) => g.id)).toContain(mine.id);
      expect(lee.json.items.every((g: any) => g.state === 'active')).toBe(true);
      const omar = await api('omar', 'GET', '/access/grants?limit=500');
      expect(omar.json.items).toHaveLength(500);
      expect(omar.json.nextCursor).toEqual(expect.any(String));
      expect(omar.json.items.every((g: any) => g.team === 'recsys')).toBe(true);

      // The admin sees every grant, each on exactly one page.
      const seen: string[] = [];
      let query = '?limit=200';
      for (let page = 0; page < 10; page++) {
        const res = await api('alex', 'GET', `/access/grants${query}`);
        expect(res.status).toBe(200);
        seen.push(...res.json.items.map((g: any) => g.id));
        if (!res.json.nextCursor) break;
        query = `?limit=200&cursor=${encodeURIComponent(res.json.nextCursor)}`;
      }
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toHaveLength(await total());
      expect(seen).toContain(mine.id);

      // One team's grants, as the team's access card asks: the admin's 510 recsys
      // rows do not push ml-research's grant out of the page.
      const card = await api('alex', 'GET', '/access/grants?team=ml-research');
      expect(card.json.items.map((g: any) => g.id)).toContain(mine.id);
      expect(card.json.items.every((g: any) => g.team === 'ml-research')).toBe(
        true,
      );

      for (const [bad, message] of [
        ['?limit=0', /"limit" must be a whole number from 1 to 500/],
        ['?limit=501', /"limit" must be a whole number from 1 to 500/],
        ['?cursor=2026-01-01', /"cursor" is not one this API gave/],
        ['?state=expired', /"state" must be a comma-separated list/],
        ['?team=Not%20A%20Team', /"team" must be a team's Group name/],
      ] as const) {
        const res = await api('maya', 'GET', `/access/grants${bad}`);
        expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
        expect(res.json.error.message).toMatch(message);
      }
    } finally {
      await db.query("DELETE FROM aiml_grants WHERE reason = 'paging test'");
      await db.end();
    }
  });

  it('never lets an issued token reach a log line, an audit event or a database row', async () => {
    expect(issuedTokens.length).toBeGreaterThan(3);
    const client = new Client({ ...postgres, database: `${prefix}aiml` });
    await client.connect();
    const rows = JSON.stringify(
      (await client.query('SELECT * FROM aiml_grants')).rows,
    );
    await client.end();
    expect(rows).toContain('user:default/maya');
    const haystacks = { logs: backend.output(), rows };
    for (const token of issuedTokens) {
      for (const [where, text] of Object.entries(haystacks)) {
        for (const form of [token, Buffer.from(token).toString('base64')]) {
          expect({ where, found: text.includes(form) }).toEqual({
            where,
            found: false,
          });
        }
      }
    }
  });
});
