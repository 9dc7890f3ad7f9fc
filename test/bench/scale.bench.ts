import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { computeCostReport } from '@eks-aiml/plugin-aiml-common';
import { Sandbox } from '@eks-aiml/sandbox';
import { aimlApi } from '../support/aimlApi';
import { grantObjectsOnCluster } from '../support/grantObjects';
import { waitForMembership } from '../support/personas';
import { postgres } from '../support/postgres';
import { BURST_LIMITS } from '../support/portalBackend';
import { startPostgresBackend } from '../support/postgresBackend';
import { median, Row, table } from './stats';
import { syntheticFleet } from './syntheticFleet';

const DAY = 86_400_000;
const MiB = 2 ** 20;
const CLUSTER = 'ml-sandbox-use1';

/**
 * The cost model on a fleet of 100 clusters, 10,000 GPUs and 500 teams over 30 days at
 * the usage API's step for 30 days (300 s: 8,640 steps; the API never uses more than
 * 10,080 steps, whatever the window), in this process: the whole fleet, one team, and
 * the same with twice the pods (shorter-lived pods over the window).
 */
function benchCostModel(runs: number): Row[] {
  const rows: Row[] = [];
  const stepSeconds = 300;
  for (const podsPerSlot of [1, 2]) {
    const t0 = performance.now();
    const { input, sampleBytes } = syntheticFleet({
      clusters: 100,
      accelerators: 10_000,
      teams: 500,
      namespacesPerTeam: 2,
      startMs: Date.UTC(2026, 9, 1),
      stepSeconds,
      steps: (30 * DAY) / (stepSeconds * 1000),
      podsPerSlot,
    });
    const made = performance.now() - t0;
    const shape = `${input.nodes.length} nodes, ${input.pods.length} pods`;
    const fleet: number[] = [];
    let json = '';
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const report = computeCostReport(input);
      fleet.push(performance.now() - t);
      json = JSON.stringify(report);
    }
    const teamPods = input.pods.filter(
      p => input.namespaceOwners[`${p.cluster}/${p.namespace}`] === 'team-7',
    );
    const team: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      computeCostReport({ ...input, pods: teamPods });
      team.push(performance.now() - t);
    }
    rows.push(
      {
        measure: `cost model, whole fleet (${shape}), 30 days at 300 s: median ms`,
        value: median(fleet),
      },
      {
        measure: `  one team (${teamPods.length} pods, every node), same window: median ms`,
        value: median(team),
      },
      {
        measure: '  the samples it reads (nodes and pods × 8,640 steps), MiB',
        value: sampleBytes / MiB,
      },
      {
        measure: '  the fleet report as JSON, MiB',
        value: json.length / MiB,
      },
      {
        measure: '  making the synthetic series (not product work), ms',
        value: made,
      },
    );
  }
  return rows;
}

/**
 * The reconciler's cost per grant through the real backend on PostgreSQL: a pass over
 * `grants` active token grants with nothing to repair (it lists the cluster's grant
 * objects and the live grants), then their expiry, all at once, timed from the clock
 * moving past their end until the last is revoked and its objects gone.
 */
async function benchReconciler(grants: number): Promise<Row[]> {
  const sandbox = await Sandbox.start();
  const { backend, prefix, stop } = await startPostgresBackend(
    sandbox,
    7201,
    BURST_LIMITS,
  );
  const db = new Client({ ...postgres, database: `${prefix}aiml` });
  try {
    const api = aimlApi(backend);
    const people: Array<[string, string]> = [
      ['maya', 'ml-research'],
      ['lee', 'ml-research'],
      ['sam', 'ml-platform'],
    ];
    for (const [persona, team] of people) {
      await waitForMembership(backend, persona, team);
      await api(persona, 'GET', '/access/grants');
    }
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next < grants) {
          const [persona, team] = people[next % people.length];
          const res = await api(persona, 'POST', '/access/grants', {
            cluster: CLUSTER,
            team,
            level: 'view',
            ttl: 'PT1H',
            reason: `scale ${next++}`,
          });
          if (res.status !== 201)
            throw new Error(`grant answered ${res.status}`);
        }
      }),
    );
    const createMs = performance.now() - t0;
    const objects = (await grantObjectsOnCluster(sandbox, CLUSTER)).length;

    const passes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const res = await api('service', 'POST', '/access/reconcile');
      if (res.status !== 200)
        throw new Error(`reconcile answered ${res.status}`);
      passes.push(performance.now() - t);
    }

    await db.connect();
    const active = async () =>
      (
        await db.query(
          "SELECT count(*)::int AS n FROM aiml_grants WHERE state <> 'revoked'",
        )
      ).rows[0].n as number;
    const t1 = performance.now();
    sandbox.clock.advance(2 * 3600_000);
    // The attached backend reads the sandbox clock every second; its scheduler runs the
    // expiry every 30 s. Ask for a run too, as an operator would.
    await sleep(1100);
    await api('service', 'POST', '/access/reconcile');
    while ((await active()) > 0) await sleep(200);
    const expireMs = performance.now() - t1;
    const left = (await grantObjectsOnCluster(sandbox, CLUSTER)).length;
    if (left > 0) throw new Error(`${left} grant objects left after expiry`);

    return [
      {
        measure: `${grants} token grants, 10 at a time: grants/s`,
        value: grants / (createMs / 1000),
      },
      {
        measure: `reconciler pass with ${grants} active grants (${objects} objects on the cluster), nothing to repair: median ms`,
        value: median(passes),
      },
      {
        measure: '  per active grant, ms',
        value: median(passes) / grants,
      },
      {
        measure: `expiry of all ${grants} at once (clock moved past their end → last revoked), ms`,
        value: expireMs,
      },
      { measure: '  per grant, ms', value: expireMs / grants },
    ];
  } finally {
    await db.end().catch(() => undefined);
    await stop();
    await sandbox.stop();
  }
}

/** Scale figures: the cost model at fleet size, and the grant reconciler's cost per grant. */
export async function benchScale(options: {
  runs: number;
  grants: number;
}): Promise<Row[]> {
  return [
    ...benchCostModel(options.runs),
    ...(await benchReconciler(options.grants)),
  ];
}

if (require.main === module) {
  benchScale({ runs: 3, grants: 300 }).then(rows => table(rows));
}
