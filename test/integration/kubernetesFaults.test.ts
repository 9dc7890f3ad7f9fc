import { Client } from 'pg';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import {
  KubernetesFault,
  KubernetesRequestInfo,
  Sandbox,
} from '@eks-aiml/sandbox';
import { aimlApi } from '../support/aimlApi';
import { grantObjectsOnCluster } from '../support/grantObjects';
import { waitForMembership } from '../support/personas';
import { BURST_LIMITS, PortalBackend } from '../support/portalBackend';
import { postgres } from '../support/postgres';
import {
  PostgresBackend,
  startPostgresBackend,
} from '../support/postgresBackend';

jest.setTimeout(120_000);

const CLUSTER = 'ml-sandbox-use1';
type Fault = (
  r: KubernetesRequestInfo & { cluster: string },
) => KubernetesFault | undefined;

/** A write of a grant's own objects (not its TokenRequests, not discovery or lists). */
const isGrantWrite = (r: KubernetesRequestInfo & { cluster: string }) =>
  r.cluster === CLUSTER &&
  (r.resource === 'serviceaccounts' || r.resource === 'rolebindings') &&
  r.subresource === undefined &&
  (r.verb === 'create' || r.verb === 'delete');

/** Faults `fault` returns for the first `times` requests `which` matches, then none. */
function firstOnly(
  times: number,
  which: (r: KubernetesRequestInfo & { cluster: string }) => boolean,
  fault: KubernetesFault,
): Fault {
  const seen = new Map<string, number>();
  return r => {
    if (!which(r)) return undefined;
    const key = `${r.verb} ${r.resource} ${r.namespace}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
    return seen.get(key)! <= times ? fault : undefined;
  };
}

/**
 * The access broker (token strategy) through the real portal backend on PostgreSQL
 * while the cluster's Kubernetes API answers conflicts, throttling, 5xx, lost and slow
 * answers (the sandbox's fault injection). After each test, every grant is whole or
 * has nothing on the cluster: an active grant has its ServiceAccount and a RoleBinding
 * in each of its namespaces; any other grant, and any unknown id, has no object.
 */
describe('the access broker under Kubernetes API faults', () => {
  let sandbox: Sandbox;
  let portal: PostgresBackend | undefined;
  let backend: PortalBackend;
  let api: ReturnType<typeof aimlApi>;
  let fault: Fault = () => undefined;
  let faulted = 0;
  let reasons = 0;

  const grantBody = (team = 'ml-research') => ({
    cluster: CLUSTER,
    team,
    level: 'edit',
    ttl: 'PT1H',
    // Identical requests are deduplicated into one grant: make each one distinct.
    reason: `fault test ${++reasons}`,
  });

  const grants = async () => {
    const client = new Client({
      ...postgres,
      database: `${portal!.prefix}aiml`,
    });
    await client.connect();
    try {
      const { rows } = await client.query(
        'SELECT id, state, namespaces FROM aiml_grants',
      );
      return rows.map(r => ({
        id: r.id as string,
        state: r.state as string,
        namespaces: JSON.parse(r.namespaces) as string[],
      }));
    } finally {
      await client.end();
    }
  };

  /** What each grant has on the cluster, against what its state says it must have. */
  const expectWholeOrNothing = async () => {
    const objects = await grantObjectsOnCluster(sandbox, CLUSTER);
    const rows = await grants();
    const actual = (id: string) =>
      objects
        .filter(o => o.grantId === id)
        .map(o => `${o.kind} ${o.namespace}`)
        .sort();
    for (const g of rows) {
      const expected =
        g.state === 'active'
          ? [
              `ServiceAccount aiml-access`,
              ...g.namespaces.map(ns => `RoleBinding ${ns}`),
            ].sort()
          : [];
      expect({ grant: g.id, state: g.state, objects: actual(g.id) }).toEqual({
        grant: g.id,
        state: g.state,
        objects: expected,
      });
    }
    const known = new Set(rows.map(g => g.id));
    expect(objects.filter(o => !known.has(o.grantId))).toEqual([]);
  };

  /** The grantee's kubeconfig works in each of the grant's namespaces. */
  const expectAccess = async (persona: string, grant: any) => {
    const res = await api(
      persona,
      'GET',
      `/access/grants/${grant.id}/kubeconfig`,
    );
    expect(res.status).toBe(200);
    const kc = new KubeConfig();
    kc.loadFromString(res.text);
    const core = kc.makeApiClient(CoreV1Api);
    for (const namespace of grant.namespaces) {
      await expect(core.listNamespacedPod({ namespace })).resolves.toBeTruthy();
    }
    return core;
  };

  const reconcile = async () =>
    expect((await api('service', 'POST', '/access/reconcile')).status).toBe(
      200,
    );

  beforeAll(async () => {
    sandbox = await Sandbox.start({
      kubernetesFault: r => {
        const f = fault(r);
        if (f) faulted++;
        return f;
      },
    });
    portal = await startPostgresBackend(sandbox, 7210, BURST_LIMITS);
    backend = portal.backend;
    api = aimlApi(backend);
    // Tokens carry the memberships the catalog knew at sign-in: wait for them first.
    await waitForMembership(backend, 'maya', 'ml-research');
    await waitForMembership(backend, 'lee', 'ml-research');
    await waitForMembership(backend, 'sam', 'ml-platform');
  });

  afterAll(async () => {
    await portal?.stop();
    await sandbox?.stop();
  });

  beforeEach(() => {
    faulted = 0;
  });

  afterEach(async () => {
    fault = () => undefined;
    await reconcile();
    await expectWholeOrNothing();
  });

  it('completes a grant whose objects another writer created at the same time (409 AlreadyExists, applied)', async () => {
    fault = firstOnly(1, r => isGrantWrite(r) && r.verb === 'create', {
      status: { code: 409, reason: 'AlreadyExists' },
      afterApplying: true,
    });
    const res = await api('maya', 'POST', '/access/grants', grantBody());
    expect(res.status).toBe(201);
    expect(res.json.state).toBe('active');
    // The ServiceAccount and both RoleBindings each answered 409 once.
    expect(faulted).toBe(3);
    await expectWholeOrNothing();
    await expectAccess('maya', res.json);
  });

  it('retries a create refused with 409 Conflict that applied nothing, and never calls the grant ready without its objects', async () => {
    fault = firstOnly(2, r => isGrantWrite(r) && r.verb === 'create', {
      status: {
        code: 409,
        reason: 'Conflict',
        message:
          'Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again',
      },
    });
    const res = await api('maya', 'POST', '/access/grants', grantBody());
    expect(res.status).toBe(201);
    expect(faulted).toBe(6);
    await expectWholeOrNothing();
    await expectAccess('maya', res.json);
  });

  it('gets grants and revocations through throttling and 5xx (some applied), with exactly their objects', async () => {
    // Each object's writes: throttled (create) or unavailable (delete), then applied
    // but answered 500, then through (a create then meets the object it made: 409).
    const attempts = new Map<string, number>();
    fault = r => {
      if (!isGrantWrite(r)) return undefined;
      const key = `${r.verb} ${r.resource} ${r.namespace} ${r.name}`;
      const n = attempts.get(key) ?? 0;
      attempts.set(key, n + 1);
      if (n % 3 === 0) {
        return r.verb === 'create'
          ? { status: { code: 429, reason: 'TooManyRequests' } }
          : { status: { code: 503, reason: 'ServiceUnavailable' } };
      }
      return n % 3 === 1
        ? {
            status: { code: 500, reason: 'InternalError' },
            afterApplying: true,
          }
        : undefined;
    };
    const requests: Array<[string, string]> = [
      ['maya', 'ml-research'],
      ['lee', 'ml-research'],
      ['sam', 'ml-platform'],
    ];
    const granted = [];
    for (const [persona, team] of requests) {
      const res = await api(persona, 'POST', '/access/grants', grantBody(team));
      expect(res.status).toBe(201);
      granted.push(res.json);
    }
    // Two faults for each of the 8 objects (ServiceAccount and RoleBindings).
    expect(faulted).toBe(16);
    await expectWholeOrNothing();
    await expectAccess('maya', granted[0]);

    faulted = 0;
    for (const [i, g] of granted.entries()) {
      const res = await api(requests[i][0], 'DELETE', `/access/grants/${g.id}`);
      expect([res.status, res.json.state]).toEqual([200, 'revoked']);
    }
    expect(faulted).toBe(16);
  });

  it('fails a grant cleanly while every write fails, and the same request then succeeds', async () => {
    // Creates are applied but answered 500, deletes refused: the worst case for clean-up.
    fault = r =>
      isGrantWrite(r)
        ? {
            status: { code: 500, reason: 'InternalError' },
            afterApplying: r.verb === 'create',
          }
        : undefined;
    const body = grantBody();
    const failed = await api('lee', 'POST', '/access/grants', body);
    expect(failed.status).toBe(503);
    expect(failed.json.error.message).toMatch(
      /Could not set up access on cluster ml-sandbox-use1/,
    );
    expect(failed.text).not.toMatch(/\n\s+at /);
    const [row] = (await grants()).filter(g => g.state === 'failed');
    expect(row).toBeDefined();

    // The API recovers: the reconciler (afterEach too) deletes what the failed grant left.
    fault = () => undefined;
    await reconcile();
    await expectWholeOrNothing();
    const again = await api('lee', 'POST', '/access/grants', body);
    expect(again.status).toBe(201);
    await expectAccess('lee', again.json);
  });

  it('keeps a grant revoking while the cluster refuses the deletes, and the reconciler ends it', async () => {
    const res = await api(
      'sam',
      'POST',
      '/access/grants',
      grantBody('ml-platform'),
    );
    expect(res.status).toBe(201);
    const core = await expectAccess('sam', res.json);

    fault = r =>
      isGrantWrite(r) && r.verb === 'delete'
        ? { status: { code: 503, reason: 'ServiceUnavailable' } }
        : undefined;
    const refused = await api('sam', 'DELETE', `/access/grants/${res.json.id}`);
    expect(refused.status).toBe(503);
    expect(refused.json.error.message).toMatch(/stays revoking/);
    expect((await grants()).find(g => g.id === res.json.id)?.state).toBe(
      'revoking',
    );
    // No new kubeconfig for a grant being revoked.
    expect(
      (await api('sam', 'GET', `/access/grants/${res.json.id}/kubeconfig`))
        .status,
    ).toBe(409);

    fault = () => undefined;
    await reconcile();
    expect((await grants()).find(g => g.id === res.json.id)?.state).toBe(
      'revoked',
    );
    // The ServiceAccount is gone, and with it the token issued before.
    await expect(
      core.listNamespacedPod({ namespace: res.json.namespaces[0] }),
    ).rejects.toMatchObject({ code: 401 });
  });

  it('turns 30 distinct grants at once, on a slow API, into 30 whole grants', async () => {
    fault = r => (isGrantWrite(r) ? { delayMs: 300 } : undefined);
    const people: Array<[string, string]> = [
      ['maya', 'ml-research'],
      ['lee', 'ml-research'],
      ['sam', 'ml-platform'],
    ];
    // Sign in first, so the burst is only grant requests.
    for (const [persona] of people) await api(persona, 'GET', '/access/grants');
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        api(
          people[i % 3][0],
          'POST',
          '/access/grants',
          grantBody(people[i % 3][1]),
        ),
      ),
    );
    const seconds = (Date.now() - started) / 1000;
    expect(results.map(r => r.status)).toEqual(Array(30).fill(201));
    // Each grant waits 3 × 300 ms on the cluster; the database must not be what limits them.
    expect(seconds).toBeLessThan(45);
    await expectWholeOrNothing();
  });
});
