import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import {
  CoreV1Api,
  KubeConfig,
  RbacAuthorizationV1Api,
} from '@kubernetes/client-node';
import { Sandbox } from '@eks-aiml/sandbox';
import {
  PortalBackend,
  startPortalBackend,
  TEST_TOKEN,
  uniqueDatabasePrefix,
} from '../support/portalBackend';
import { signIn, waitForMembership } from '../support/personas';
import { dropDatabases, postgres } from '../support/postgres';

jest.setTimeout(240_000);

/**
 * Restart safety: the backend is killed (SIGKILL) in the middle of a burst of grant
 * requests, the sandbox keeps running as its own world, and after restart the
 * reconciler leaves every cluster object matching an active grant, and nothing else.
 */
describe('the access broker across a crash', () => {
  let sandbox: Sandbox;
  let dir: string;
  const prefix = uniqueDatabasePrefix();
  let backend: PortalBackend | undefined;

  const start = () =>
    startPortalBackend({
      port: 7122,
      configs: ['app-config.postgres.yaml'],
      env: {
        APP_CONFIG_backend_database_prefix: prefix,
        APP_CONFIG_aiml_sandbox_enabled: 'false',
        APP_CONFIG_aiml_sandbox_attach: dir,
      },
    });

  const grantsByState = async () => {
    const client = new Client({ ...postgres, database: `${prefix}aiml` });
    await client.connect();
    const { rows } = await client.query('SELECT id, state FROM aiml_grants');
    await client.end();
    return rows as { id: string; state: string }[];
  };

  const objectsOnCluster = async () => {
    const kc = new KubeConfig();
    kc.loadFromString(sandbox.kubeconfig());
    kc.setCurrentContext('ml-sandbox-use1');
    const selector = { labelSelector: 'aiml.eks.aws/grant-id' };
    const [sas, rbs] = await Promise.all([
      kc.makeApiClient(CoreV1Api).listServiceAccountForAllNamespaces(selector),
      kc
        .makeApiClient(RbacAuthorizationV1Api)
        .listRoleBindingForAllNamespaces(selector),
    ]);
    return [...sas.items, ...rbs.items].map(
      o => o.metadata!.labels!['aiml.eks.aws/grant-id'],
    );
  };

  const reconcile = async (b: PortalBackend) => {
    const res = await fetch(`${b.baseUrl}/api/aiml/access/reconcile`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TEST_TOKEN}` },
    });
    expect(res.status).toBe(200);
  };

  const waitForSignIn = async (b: PortalBackend) => {
    for (let i = 0; i < 120; i++) {
      try {
        return await signIn(b, 'maya');
      } catch {
        await sleep(500);
      }
    }
    throw new Error('maya never became able to sign in');
  };

  beforeAll(async () => {
    sandbox = await Sandbox.start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-sandbox-'));
    sandbox.writeOut(dir);
  });

  afterAll(async () => {
    await backend?.stop();
    await sandbox?.stop();
    await dropDatabases(prefix);
  });

  it('leaves no orphan and no half-made grant after a SIGKILL mid-burst', async () => {
    backend = await start();
    // Tokens carry the memberships the catalog knew at sign-in: wait for them first.
    await waitForMembership(backend, 'maya', 'ml-research');
    const token = await waitForSignIn(backend);
    // One grant that completes before the crash; the next test expires it while the backend is down.
    const baseline = await fetch(`${backend.baseUrl}/api/aiml/access/grants`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        cluster: 'ml-sandbox-use1',
        team: 'ml-research',
        level: 'edit',
        ttl: 'PT20M',
        reason: 'baseline',
      }),
    });
    expect(baseline.status).toBe(201);
    const body = JSON.stringify({
      cluster: 'ml-sandbox-use1',
      team: 'ml-research',
      level: 'view',
      ttl: 'PT1H',
      reason: 'burst',
    });
    const requests = Array.from({ length: 12 }, () =>
      fetch(`${backend!.baseUrl}/api/aiml/access/grants`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
        },
        body,
      }).catch(() => undefined),
    );
    await sleep(60);
    await backend.kill();
    await Promise.all(requests);

    backend = await start();
    await reconcile(backend);
    const grants = await grantsByState();
    expect(
      grants.filter(g => g.state === 'pending' || g.state === 'revoking'),
    ).toEqual([]);
    const active = new Set(
      grants.filter(g => g.state === 'active').map(g => g.id),
    );
    const onCluster = await objectsOnCluster();
    expect(onCluster.filter(id => !active.has(id))).toEqual([]);
    // Every active grant kept its ServiceAccount and both RoleBindings.
    for (const id of active) {
      expect({ id, objects: onCluster.filter(x => x === id).length }).toEqual({
        id,
        objects: 3,
      });
    }
  });

  it('revokes at start-up the grants that expired while the backend was down', async () => {
    expect(
      (await grantsByState()).filter(g => g.state === 'active').length,
    ).toBeGreaterThan(0);
    await backend!.kill();
    sandbox.clock.advance(2 * 3600_000);
    backend = await start();
    // No explicit reconcile: the start-up run of the scheduled task must do it.
    for (let i = 0; i < 60; i++) {
      const grants = await grantsByState();
      if (grants.every(g => g.state !== 'active')) break;
      await sleep(500);
    }
    const grants = await grantsByState();
    expect(grants.filter(g => g.state === 'active')).toEqual([]);
    expect(await objectsOnCluster()).toEqual([]);
  });
});
