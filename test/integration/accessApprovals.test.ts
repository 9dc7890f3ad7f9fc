import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse, stringify } from 'yaml';
import { Sandbox } from '@eks-aiml/sandbox';
import { aimlApi } from '../support/aimlApi';
import { kubectl } from '../support/kubectl';
import {
  PortalBackend,
  repoRoot,
  startPortalBackend,
  uniqueDatabasePrefix,
} from '../support/portalBackend';
import { signIn, waitForMembership } from '../support/personas';
import { dropDatabases } from '../support/postgres';

jest.setTimeout(240_000);

const CLUSTER = 'ml-sandbox-use1';

/**
 * Access requests with approval through the real wire: the portal backend on
 * PostgreSQL attached to a sandbox, the catalog's personas (omar of recsys asks for
 * ml-research, led by lee; maya is a member of ml-research who does not lead it), and
 * kubectl 1.33 with the kubeconfig the portal gives once the request is approved.
 */
describe('access requests with approval', () => {
  let sandbox: Sandbox;
  let backend: PortalBackend;
  let api: ReturnType<typeof aimlApi>;
  const prefix = uniqueDatabasePrefix();

  const ask = (persona: string, reason: string, ttl = 'PT3H') =>
    api(persona, 'POST', '/access/grants', {
      cluster: CLUSTER,
      team: 'ml-research',
      level: 'view',
      ttl,
      reason,
      requestApproval: true,
    });

  const audited = (eventId: string, grantId: string) =>
    backend
      .output()
      .split('\n')
      .filter(
        l =>
          l.includes(eventId) && l.includes(grantId) && l.includes('succeeded'),
      );

  /** The titles of a persona's aiml notifications about one grant, waiting a while for them. */
  const notified = async (persona: string, grantId: string, count = 1) => {
    const token = await signIn(backend, persona);
    for (let i = 0; ; i++) {
      const res = await fetch(
        `${backend.baseUrl}/api/notifications/notifications?limit=200`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
      const titles: string[] = (await res.json()).notifications
        .filter((n: any) => n.payload.scope === `aiml-grant:${grantId}`)
        .map((n: any) => n.payload.title);
      if (titles.length >= count || i >= 20) return titles;
      await sleep(250);
    }
  };

  beforeAll(async () => {
    sandbox = await Sandbox.start();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-sandbox-'));
    sandbox.writeOut(dir);
    // The portal's clusters, the first one granting at most 2 hours without approval.
    const { clusters } = parse(
      fs.readFileSync(path.join(repoRoot, 'app-config.yaml'), 'utf8'),
    ).aiml;
    clusters[0].access.selfServiceMaxTtl = '2h';
    const clustersFile = path.join(dir, 'app-config.clusters.yaml');
    fs.writeFileSync(clustersFile, stringify({ aiml: { clusters } }));
    backend = await startPortalBackend({
      port: 7340,
      configs: [
        'app-config.postgres.yaml',
        path.relative(repoRoot, clustersFile),
      ],
      env: {
        APP_CONFIG_backend_database_prefix: prefix,
        APP_CONFIG_aiml_sandbox_enabled: 'false',
        APP_CONFIG_aiml_sandbox_attach: dir,
        APP_CONFIG_aiml_access_approvalTimeoutMinutes: '60',
      },
    });
    api = aimlApi(backend);
    for (let i = 0; i < 120; i++) {
      if ((await api('service', 'GET', '/clusters')).status === 200) break;
      await sleep(250);
    }
    await waitForMembership(backend, 'omar', 'recsys');
    await waitForMembership(backend, 'lee', 'ml-research');
    await waitForMembership(backend, 'maya', 'ml-research');
  });

  afterAll(async () => {
    await backend?.stop();
    await sandbox?.stop();
    await dropDatabases(prefix);
  });

  it("refuses another team's namespaces without requestApproval, as before", async () => {
    const res = await api('omar', 'POST', '/access/grants', {
      cluster: CLUSTER,
      team: 'ml-research',
      level: 'view',
      ttl: 'PT1H',
      reason: 'look at the trainer',
    });
    expect(res.status).toBe(403);
    expect(res.json.error.message).toMatch(/send requestApproval: true/);
  });

  it('waits for a lead, refuses the requester and a member who does not lead, then grants the approved level for the approved ttl', async () => {
    const requested = await ask('omar', 'compare the ranker with the trainer');
    expect(requested.status).toBe(201);
    expect(requested.json).toMatchObject({
      state: 'requested',
      userRef: 'user:default/omar',
      approval: {
        kind: 'cross-team',
        approvers: 'group:default/ml-research',
        ttlSeconds: 3 * 3600,
      },
    });
    const id = requested.json.id as string;
    expect(await notified('lee', id)).toEqual([
      "user:default/omar asks for view access to team ml-research's namespaces on ml-sandbox-use1 for 3 h",
    ]);
    expect(await notified('maya', id, 0)).toEqual([]);
    // A lead sees it among the team's grants; the requester sees it waiting.
    const listed = await api(
      'lee',
      'GET',
      '/access/grants?team=ml-research&state=requested',
    );
    expect(listed.json.items.map((g: any) => g.id)).toContain(id);
    const waiting = await api('omar', 'GET', `/access/grants/${id}/kubeconfig`);
    expect(waiting.status).toBe(409);
    expect(waiting.json.error.message).toMatch(/waiting for approval/);

    const own = await api('omar', 'POST', `/access/grants/${id}/approve`, {
      reason: 'I need it',
    });
    expect(own.status).toBe(403);
    expect(own.json.error.message).toMatch(/their own request/);
    const member = await api('maya', 'POST', `/access/grants/${id}/approve`, {
      reason: 'fine by me',
    });
    expect(member.status).toBe(403);
    expect(member.json.error.message).toMatch(/only its leads/);
    const noReason = await api('lee', 'POST', `/access/grants/${id}/approve`, {
      reason: '',
    });
    expect(noReason.status).toBe(400);

    const approved = await api('lee', 'POST', `/access/grants/${id}/approve`, {
      reason: 'ranking review this week',
    });
    expect(approved.status).toBe(200);
    expect(approved.json).toMatchObject({
      id,
      state: 'active',
      level: 'view',
      namespaces: ['ml-research-inference', 'ml-research-training'],
      approval: {
        decidedBy: 'user:default/lee',
        decisionReason: 'ranking review this week',
      },
    });
    // The ttl counts from the approval.
    expect(
      Date.parse(approved.json.expiresAt) -
        Date.parse(approved.json.approval.decidedAt),
    ).toBe(3 * 3600_000);

    const kubeconfig = await api(
      'omar',
      'GET',
      `/access/grants/${id}/kubeconfig`,
    );
    expect(kubeconfig.status).toBe(200);
    const run = kubectl(kubeconfig.text);
    const canI = async (...args: string[]) =>
      (await run('auth', 'can-i', ...args)).out.trim();
    expect(await canI('get', 'pods', '-n', 'ml-research-training')).toBe('yes');
    expect(
      await canI('create', 'deployments', '-n', 'ml-research-training'),
    ).toBe('no');
    expect(await canI('get', 'pods', '-n', 'recsys-training')).toBe('no');

    const [told] = await notified('omar', id);
    expect(told).toBe(
      `Your request for view access to team ml-research's namespaces on ml-sandbox-use1 was approved by user:default/lee; it ends at ${approved.json.expiresAt}`,
    );
    const again = await api('lee', 'POST', `/access/grants/${id}/deny`, {
      reason: 'too late',
    });
    expect(again.status).toBe(409);
    expect(audited('access-grant-request', 'omar').length).toBeGreaterThan(0);
    expect(audited('access-grant-approve', id).length).toBeGreaterThan(0);
  });

  it('denies with the lead’s reason, and the request grants nothing', async () => {
    const requested = await ask('omar', 'poke at the inference pods');
    const id = requested.json.id as string;
    const denied = await api('lee', 'POST', `/access/grants/${id}/deny`, {
      reason: 'use the shared dashboards',
    });
    expect(denied.status).toBe(200);
    expect(denied.json).toMatchObject({
      state: 'denied',
      endReason: 'denied',
      approval: {
        decidedBy: 'user:default/lee',
        decisionReason: 'use the shared dashboards',
      },
    });
    const kubeconfig = await api(
      'omar',
      'GET',
      `/access/grants/${id}/kubeconfig`,
    );
    expect(kubeconfig.status).toBe(409);
    expect(audited('access-grant-deny', id).length).toBeGreaterThan(0);
  });

  it("asks a member's leads for a ttl above the cluster's selfServiceMaxTtl, and the lead's approval gives the longer grant", async () => {
    const clusters = await api('maya', 'GET', '/clusters');
    expect(
      clusters.json.items.find((c: any) => c.name === CLUSTER).access,
    ).toMatchObject({
      maxTtlSeconds: 8 * 3600,
      selfServiceMaxTtlSeconds: 7200,
    });
    const plain = await api('maya', 'POST', '/access/grants', {
      cluster: CLUSTER,
      team: 'ml-research',
      level: 'edit',
      ttl: 'PT4H',
      reason: 'a long fine-tuning run',
    });
    expect(plain.status).toBe(400);
    expect(plain.json.error.message).toMatch(
      /at most 120 minutes \(access.selfServiceMaxTtl\); send requestApproval: true/,
    );
    const requested = await api('maya', 'POST', '/access/grants', {
      cluster: CLUSTER,
      team: 'ml-research',
      level: 'edit',
      ttl: 'PT4H',
      reason: 'a long fine-tuning run',
      requestApproval: true,
    });
    expect(requested.json).toMatchObject({
      state: 'requested',
      approval: { kind: 'long-ttl', ttlSeconds: 4 * 3600 },
    });
    const approved = await api(
      'lee',
      'POST',
      `/access/grants/${requested.json.id}/approve`,
      { reason: 'the run needs it' },
    );
    expect(approved.status).toBe(200);
    expect(
      Date.parse(approved.json.expiresAt) -
        Date.parse(approved.json.approval.decidedAt),
    ).toBe(4 * 3600_000);
    const kubeconfig = await api(
      'maya',
      'GET',
      `/access/grants/${requested.json.id}/kubeconfig`,
    );
    const canI = await kubectl(kubeconfig.text)(
      'auth',
      'can-i',
      'create',
      'deployments',
      '-n',
      'ml-research-training',
    );
    expect(canI.out.trim()).toBe('yes');
  });

  it('closes a request nobody answered once aiml.access.approvalTimeoutMinutes passed', async () => {
    const requested = await ask('omar', 'nobody will answer this');
    const id = requested.json.id as string;
    sandbox.clock.advance(61 * 60_000);
    // The attached backend polls the sandbox clock every second.
    await sleep(1500);
    expect((await api('service', 'POST', '/access/reconcile')).status).toBe(
      200,
    );
    const closed = await api('omar', 'GET', `/access/grants/${id}`);
    expect(closed.json).toMatchObject({
      state: 'denied',
      endReason: 'unanswered',
      revokedBy: 'system:expiry',
    });
    const late = await api('lee', 'POST', `/access/grants/${id}/approve`, {
      reason: 'sorry, was away',
    });
    expect(late.status).toBe(409);
    expect(audited('access-grant-unanswered', id).length).toBe(1);
  });
});
