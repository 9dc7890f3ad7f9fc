import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { Sandbox } from '@eks-aiml/sandbox';
import { BURST_LIMITS, PortalBackend } from '../support/portalBackend';
import { startPostgresBackend } from '../support/postgresBackend';
import { grantObjectsOnCluster } from '../support/grantObjects';
import { signIn, waitForMembership } from '../support/personas';
import { postgres } from '../support/postgres';
import {
  benchBackendNodeArgs,
  ensureBuiltBackend,
  repoCatalogLocations,
} from '../support/builtBackend';
import {
  backfillSandbox,
  PrometheusServer,
  startPrometheus,
  usageSeriesOnly,
} from '../support/prometheus';
import { mainThreadCpuMs, processGroupRss } from './processMemory';
import { Prober, startProber } from './prober';
import { random } from './random';
import { percentile, Row, table } from './stats';

const DAY = 86_400_000;
const MiB = 2 ** 20;
const CLUSTER = 'ml-sandbox-use1';
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The example personas (catalog/org.yaml), their team and its projects (catalog/components.yaml). */
const TEAMS: Record<string, string[]> = {
  'ml-research': ['llama-finetune', 'vision-pretrain'],
  'ml-platform': ['chat-inference', 'embeddings-inf2'],
  recsys: ['ranker-train', 'ranker-serving'],
};
const PERSONAS: Array<{ name: string; team: string }> = [
  { name: 'maya', team: 'ml-research' },
  { name: 'lee', team: 'ml-research' },
  { name: 'sam', team: 'ml-platform' },
  { name: 'jordan', team: 'ml-platform' },
  { name: 'omar', team: 'recsys' },
  { name: 'priya', team: 'recsys' },
  // FinOps sees every team's spend and has no namespace to ask access to.
  { name: 'fatima', team: 'finops' },
];

type Kind =
  | 'usage: teams'
  | 'usage: team'
  | 'usage: project'
  | 'grant request'
  | 'grant revoke'
  | 'portal page: usage'
  | 'portal page: clusters'
  | 'portal page: my grants';
const KINDS: Kind[] = [
  'usage: teams',
  'usage: team',
  'usage: project',
  'grant request',
  'grant revoke',
  'portal page: usage',
  'portal page: clusters',
  'portal page: my grants',
];

/**
 * The window lengths users ask for. Prometheus holds one sample every 5 minutes (a
 * backfill at a minute would take hours), so it gets no 7-day windows, whose step is
 * a minute.
 */
const WINDOW_DAYS = { sandbox: [7, 30, 90], prometheus: [30, 90] };
const SCRAPE_SECONDS = 300;

/**
 * A real Prometheus holding the sandbox fleet's usage series for the windows users
 * ask for and their previous periods (up to 3 days back), backfilled with promtool.
 */
async function prometheusWithFleet(
  nowMs: number,
  windowDays: number[],
): Promise<PrometheusServer> {
  const today = Math.floor(nowMs / DAY) * DAY;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-soak-tsdb-'));
  const days = 2 * Math.max(...windowDays) + 4;
  await backfillSandbox({
    dataDir,
    window: {
      startMs: today - days * DAY,
      // Whole steps only: up to the last one begun.
      endMs: nowMs - (nowMs % (SCRAPE_SECONDS * 1000)),
    },
    stepSeconds: SCRAPE_SECONDS,
    relabel: usageSeriesOnly,
    pieceDays: 5,
  });
  return startPrometheus({ dataDir, port: 7202 });
}

/** Who the simulated users are: the example personas in turn, or one catalog User each. */
type People = 'personas' | 'distinct';

/**
 * `count` people of their own, for the bench's catalog: in the three teams in turn,
 * every tenth in FinOps (who reads the fleet and asks for no access).
 */
function distinctPeople(count: number): Array<{ name: string; team: string }> {
  const teams = Object.keys(TEAMS);
  return Array.from({ length: count }, (_, i) => ({
    name: `soak-user-${String(i + 1).padStart(3, '0')}`,
    team: i % 10 === 9 ? 'finops' : teams[i % teams.length],
  }));
}

/** A catalog file holding `people` as Users, members of their team's Group. */
function writePeopleCatalog(
  people: Array<{ name: string; team: string }>,
): string {
  const file = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-soak-')),
    'people.yaml',
  );
  fs.writeFileSync(
    file,
    people
      .map(p =>
        [
          'apiVersion: backstage.io/v1alpha1',
          'kind: User',
          `metadata: { name: ${p.name} }`,
          `spec: { memberOf: [${p.team}], profile: { displayName: ${p.name} } }`,
        ].join('\n'),
      )
      .join('\n---\n'),
  );
  return file;
}

/** The catalog locations of app-config.yaml, plus a file of Users. */
function locationsWith(usersFile: string): string {
  return repoCatalogLocations([
    { type: 'file', target: usersFile, rules: [{ allow: ['User'] }] },
  ]);
}

interface Sample {
  kind: Kind;
  /** When the answer arrived, ms since the load began. */
  doneAt: number;
  ms: number;
  /** The HTTP status, or 0 when no answer came. */
  status: number;
  ok: boolean;
}

const pick = <T>(items: T[], r: number): T =>
  items[Math.floor(r * items.length)];

/**
 * A usage request, a third each: the team list (seen as the persona's teams), a team
 * page or a project page of one of the persona's teams. `r` and `r2` are in [0, 1).
 */
function usageRequest(
  r: number,
  teams: string[],
  team: string,
  r2: number,
): { kind: Kind; url: string; seenAs: string } {
  if (r < 1 / 3) {
    return { kind: 'usage: teams', url: '/usage/teams', seenAs: teams.join() };
  }
  if (r < 2 / 3) {
    return { kind: 'usage: team', url: `/usage/teams/${team}`, seenAs: '' };
  }
  return {
    kind: 'usage: project',
    url: `/usage/projects/default/${pick(TEAMS[team], r2)}`,
    seenAs: '',
  };
}

async function grantsByState(prefix: string): Promise<Record<string, number>> {
  const client = new Client({ ...postgres, database: `${prefix}aiml` });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT state, count(*)::int AS n FROM aiml_grants GROUP BY state',
    );
    return Object.fromEntries(rows.map(r => [r.state, r.n]));
  } finally {
    await client.end();
  }
}

/** The backend process: the largest of its group (backstage-cli runs it as a child). */
function backendProcess(backend: PortalBackend): {
  pid: number;
  bytes: number;
  mainCpuMs: number;
} {
  const [largest] = processGroupRss(backend.pid);
  return {
    pid: largest?.pid ?? 0,
    bytes: largest?.rssBytes ?? NaN,
    mainCpuMs: largest ? mainThreadCpuMs(largest.pid) : NaN,
  };
}

/**
 * Soak: `users` concurrent users for `durationMs` against the portal backend on
 * PostgreSQL, attached to a sandbox in this process; the backend in development mode
 * (`backstage-cli package start`) or its production build (`builtDir`).
 *
 * People: the example personas in turn (`personas`: several users share a person, so
 * the per-person caps are raised), or one catalog User each (`distinct`: caps at their
 * defaults). Each user waits `thinkMs` (a uniform draw; none by default) between
 * actions: a grant request (each one distinct) then its revocation (`grantShare`,
 * default 30%), the portal page (`portalShare`, default none: its usage, the clusters
 * and the person's grants at once), else a usage GET (team list, team page, project
 * page, over windows of 7, 30 and 90 days ending up to three days ago, or the
 * default). FinOps has no namespace: her grant share reads the fleet instead.
 * Backend RSS is sampled every 10 s; a separate prober process times the health
 * check and sign-in throughout.
 */
export async function benchSoak(options: {
  durationMs: number;
  users: number;
  port?: number;
  people?: People;
  thinkMs?: [number, number];
  grantShare?: number;
  portalShare?: number;
  builtDir?: string;
  /** Where usage comes from: the sandbox's generator (default) or a real Prometheus. */
  metrics?: 'sandbox' | 'prometheus';
}): Promise<{ summary: Row[]; kinds: Row[]; timeline: Row[]; probes: Row[] }> {
  const people = options.people ?? 'personas';
  const grantShare = options.grantShare ?? 0.3;
  const portalShare = options.portalShare ?? 0;
  const [thinkMin, thinkMax] = options.thinkMs ?? [0, 0];
  const crowd =
    people === 'distinct' ? distinctPeople(options.users) : PERSONAS;
  const sandbox = await Sandbox.start();
  const today = Math.floor(sandbox.clock.nowMs() / DAY) * DAY;
  // Usage from a real Prometheus holding the sandbox fleet, as production reads it;
  // else from the sandbox's generator, which runs inside the backend (attached mode).
  const prometheus =
    options.metrics === 'prometheus'
      ? await prometheusWithFleet(sandbox.clock.nowMs(), WINDOW_DAYS.prometheus)
      : undefined;
  const env: Record<string, string> = {
    ...(prometheus
      ? {
          AIML_TEST_PROMETHEUS_USE1: prometheus.url,
          AIML_TEST_PROMETHEUS_USW2: prometheus.url,
          AIML_TEST_PROMETHEUS_TIMEOUT: '120s',
        }
      : {}),
    ...(people === 'distinct'
      ? {
          APP_CONFIG_catalog_locations: locationsWith(
            writePeopleCatalog(crowd),
          ),
        }
      : // Users sharing 7 personas with no think time would pass the per-person caps.
        BURST_LIMITS),
  };
  const { backend, prefix, stop } = await startPostgresBackend(
    sandbox,
    options.port ?? 7200,
    env,
    {
      built: options.builtDir
        ? {
            dir: options.builtDir,
            nodeArgs: benchBackendNodeArgs(),
          }
        : undefined,
      configs: prometheus ? ['test/app-config.prometheus.yaml'] : [],
    },
  );
  let prober: Prober | undefined;
  try {
    // Tokens carry the memberships the catalog knew at sign-in: wait for them first.
    const tokens = new Map<string, string>();
    for (const p of crowd) {
      await waitForMembership(backend, p.name, p.team);
      tokens.set(p.name, await signIn(backend, p.name));
    }
    const windows = [''].concat(
      WINDOW_DAYS[options.metrics ?? 'sandbox'].flatMap(days =>
        [0, 1, 2, 3].map(
          shift =>
            `from=${isoDate(today - (days + shift) * DAY)}&to=${isoDate(
              today - shift * DAY,
            )}`,
        ),
      ),
    );

    const samples: Sample[] = [];
    let loadStart = 0;
    // The first answer of each kind of failure, printed for whoever reads the run.
    const firstErrors = new Map<string, string>();
    const noteError = (kind: Kind, status: number, text: string) => {
      const key = `${kind} ${status || 'no answer'}`;
      if (!firstErrors.has(key)) firstErrors.set(key, text.slice(0, 300));
    };
    const call = async (
      kind: Kind,
      persona: string,
      method: string,
      url: string,
      expected: number,
      body?: unknown,
    ): Promise<{ sample: Sample; json?: any }> => {
      const t0 = performance.now();
      let status = 0;
      let json: any;
      try {
        const res = await fetch(`${backend.baseUrl}/api/aiml${url}`, {
          method,
          headers: {
            Authorization: `Bearer ${tokens.get(persona)}`,
            'Content-Type': 'application/json',
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        status = res.status;
        const text = await res.text();
        if (status === expected) json = JSON.parse(text);
        else noteError(kind, status, text);
      } catch (error) {
        noteError(kind, 0, String(error));
      }
      const end = performance.now();
      // No answer at all (the backend is down or restarting): do not spin on it.
      if (status === 0) await sleep(200);
      return {
        sample: {
          kind,
          doneAt: end - loadStart,
          ms: end - t0,
          status,
          ok: status === expected,
        },
        json,
      };
    };

    const rss: Array<{
      at: number;
      pid: number;
      bytes: number;
      mainCpuMs: number;
    }> = [];
    const before = backendProcess(backend);
    let grantNumber = 0;
    // Each distinct usage answer (scope as seen, window) and when it was first asked: the
    // backend caches each one's reports, so memory follows their number.
    const answers = new Map<string, number>();
    prober = startProber(backend.baseUrl, crowd[0].name);
    loadStart = performance.now();
    const deadline = loadStart + options.durationMs;
    rss.push({ at: 0, ...before });
    const sampler = setInterval(
      () =>
        rss.push({
          at: performance.now() - loadStart,
          ...backendProcess(backend),
        }),
      10_000,
    );

    const user = async (index: number) => {
      const persona = crowd[index % crowd.length];
      const draw = random(index + 1);
      const teams = persona.team in TEAMS ? [persona.team] : Object.keys(TEAMS);
      // Users arrive over the first think time, not all in the same millisecond.
      await sleep(draw() * thinkMax);
      while (performance.now() < deadline) {
        const r = draw();
        const window = pick(windows, draw());
        const query = window ? `?${window}` : '';
        const team = pick(teams, draw());
        if (r < grantShare && persona.team in TEAMS) {
          const created = await call(
            'grant request',
            persona.name,
            'POST',
            '/access/grants',
            201,
            {
              cluster: CLUSTER,
              team: persona.team,
              level: draw() < 0.5 ? 'view' : 'edit',
              ttl: 'PT1H',
              // Identical requests are deduplicated into one grant: make each one distinct.
              reason: `soak ${++grantNumber}`,
            },
          );
          samples.push(created.sample);
          if (created.json?.id) {
            const revoked = await call(
              'grant revoke',
              persona.name,
              'DELETE',
              `/access/grants/${created.json.id}`,
              200,
            );
            samples.push(revoked.sample);
          }
        } else if (r < grantShare + portalShare) {
          // The portal page asks for these three at once.
          const page = await Promise.all([
            call(
              'portal page: usage',
              persona.name,
              'GET',
              '/usage/teams',
              200,
            ),
            call(
              'portal page: clusters',
              persona.name,
              'GET',
              '/clusters',
              200,
            ),
            call(
              'portal page: my grants',
              persona.name,
              'GET',
              '/access/grants?limit=20',
              200,
            ),
          ]);
          samples.push(...page.map(p => p.sample));
        } else {
          const { kind, url, seenAs } = usageRequest(
            (r - grantShare - portalShare) / (1 - grantShare - portalShare),
            teams,
            team,
            draw(),
          );
          const { sample } = await call(
            kind,
            persona.name,
            'GET',
            `${url}${query}`,
            200,
          );
          samples.push(sample);
          const answer = `${url} ${seenAs} ${window}`;
          if (!answers.has(answer)) answers.set(answer, sample.doneAt);
        }
        if (thinkMax > 0) {
          await sleep(thinkMin + draw() * (thinkMax - thinkMin));
        }
      }
    };
    await Promise.all(Array.from({ length: options.users }, (_, i) => user(i)));
    const loadMs = performance.now() - loadStart;
    clearInterval(sampler);
    const probed = await prober.stop();
    prober = undefined;
    const after = backendProcess(backend);
    const probes: Row[] = Object.entries(probed).map(([probe, r]) => ({
      probe,
      requests: r.ms.length,
      failures: r.failures,
      'p50 ms': percentile(r.ms, 50),
      'p99 ms': percentile(r.ms, 99),
      'max ms': Math.max(...r.ms),
      // Once the first minute's cold reports are computed and cached.
      'p99 ms after the first minute': percentile(
        r.ms.filter((_, i) => r.at[i] >= 60_000),
        99,
      ),
    }));
    // Memory's trend over the second half of the load: a plateau is near 0 MiB/min.
    const lastHalf = rss.filter(r => r.at >= loadMs / 2);

    const kinds: Row[] = KINDS.map(kind => {
      const of = samples.filter(s => s.kind === kind);
      return {
        kind,
        requests: of.length,
        errors: of.filter(s => !s.ok).length,
        'per second': of.length / (loadMs / 1000),
        'p50 ms': percentile(
          of.map(s => s.ms),
          50,
        ),
        'p99 ms': percentile(
          of.map(s => s.ms),
          99,
        ),
      };
    });

    for (const [key, text] of firstErrors) console.log(`${key}: ${text}`);
    const errorsByStatus = new Map<string, number>();
    for (const s of samples.filter(x => !x.ok)) {
      const key = `${s.kind} ${s.status || 'no answer'}`;
      errorsByStatus.set(key, (errorsByStatus.get(key) ?? 0) + 1);
    }
    const states = await grantsByState(prefix);
    const summary: Row[] = [
      {
        measure: `${options.users} users, ${Math.round(
          loadMs / 1000,
        )} s: requests`,
        value: samples.length,
      },
      {
        measure: 'throughput, requests/s',
        value: samples.length / (loadMs / 1000),
      },
      {
        measure: 'errors (by kind and status)',
        value: errorsByStatus.size
          ? [...errorsByStatus].map(([k, n]) => `${k}: ${n}`).join(', ')
          : '0',
      },
      {
        measure: 'p50 ms, all requests',
        value: percentile(
          samples.map(s => s.ms),
          50,
        ),
      },
      {
        measure: 'p99 ms, all requests',
        value: percentile(
          samples.map(s => s.ms),
          99,
        ),
      },
      {
        measure: 'backend RSS before the load, MiB',
        value: before.bytes / MiB,
      },
      {
        measure: 'backend RSS, highest sample, MiB',
        value: Math.max(...rss.map(r => r.bytes)) / MiB,
      },
      { measure: 'backend RSS after the load, MiB', value: after.bytes / MiB },
      {
        measure: 'backend RSS trend over the second half, MiB/min',
        value: slopePerMinute(lastHalf) / MiB,
      },
      {
        // backstage-cli restarts the backend when its sources change under it.
        measure: 'backend restarts during the load',
        value: new Set([...rss, after].map(r => r.pid)).size - 1,
      },
      {
        measure: 'grants afterwards, by state',
        value: Object.entries(states)
          .map(([state, n]) => `${state} ${n}`)
          .join(', '),
      },
      {
        measure: 'grant objects left on the cluster',
        value: (await grantObjectsOnCluster(sandbox, CLUSTER)).length,
      },
    ];

    // Every 30 s: what was answered in that stretch, and the RSS sampled at its end.
    const timeline: Row[] = [];
    for (let from = 0; from < loadMs; from += 30_000) {
      const to = from + 30_000;
      const of = samples.filter(s => s.doneAt >= from && s.doneAt < to);
      const atEnd = rss.filter(r => r.at <= to).pop()!;
      const atStart = rss.filter(r => r.at <= from).pop()!;
      timeline.push({
        's from start': `${from / 1000}–${Math.min(to, loadMs) / 1000}`,
        requests: of.length,
        errors: of.filter(s => !s.ok).length,
        'p99 ms': of.length
          ? percentile(
              of.map(s => s.ms),
              99,
            )
          : 0,
        'distinct usage answers so far': [...answers.values()].filter(
          at => at < to,
        ).length,
        'backend RSS MiB': atEnd.bytes / MiB,
        // How busy the event loop was: its thread's CPU time over the wall time.
        'backend main thread CPU %':
          atEnd.at > atStart.at
            ? (100 * (atEnd.mainCpuMs - atStart.mainCpuMs)) /
              (atEnd.at - atStart.at)
            : NaN,
      });
    }
    return { summary, kinds, timeline, probes };
  } finally {
    // AIML_BENCH_LOG_DIR=dir keeps the backend's log, for looking into failures.
    if (process.env.AIML_BENCH_LOG_DIR) {
      fs.writeFileSync(
        path.join(process.env.AIML_BENCH_LOG_DIR, 'soak-backend.log'),
        backend.output(),
      );
    }
    await prober?.stop();
    await stop();
    await prometheus?.stop();
    await sandbox.stop();
  }
}

/** Least-squares slope of RSS samples, bytes per minute. */
function slopePerMinute(samples: Array<{ at: number; bytes: number }>): number {
  const n = samples.length;
  if (n < 2) return NaN;
  const mx = samples.reduce((a, r) => a + r.at, 0) / n;
  const my = samples.reduce((a, r) => a + r.bytes, 0) / n;
  const sxy = samples.reduce((a, r) => a + (r.at - mx) * (r.bytes - my), 0);
  const sxx = samples.reduce((a, r) => a + (r.at - mx) ** 2, 0);
  return (sxy / sxx) * 60_000;
}

/**
 * The soak people meet: 200 people of their own (caps at their defaults), 1–5 s
 * between actions, 10% grant request and revoke, 15% the portal page, the rest usage
 * pages, against the production build of the backend on PostgreSQL, usage from the
 * sandbox's generator (in the backend's worker threads, as a Prometheus would be a
 * process of its own).
 */
export function benchPeopleSoak(durationMs: number) {
  return benchSoak({
    durationMs,
    users: 200,
    people: 'distinct',
    thinkMs: [1000, 5000],
    grantShare: 0.1,
    portalShare: 0.15,
    // AIML_SOAK_METRICS=prometheus reads usage from a real Prometheus instead. On 2
    // cores, Debian's Prometheus 2.42 answering 90-day range queries for a dozen
    // windows at once passes the 120 s timeout: that run measures Prometheus.
    metrics:
      process.env.AIML_SOAK_METRICS === 'prometheus' ? 'prometheus' : 'sandbox',
    // AIML_BENCH_SKIP_BUILD=1 reuses the last build (when only the bench changed).
    builtDir: ensureBuiltBackend({
      build: process.env.AIML_BENCH_SKIP_BUILD !== '1',
    }),
  });
}

if (require.main === module) {
  // Seconds from the command line (120 by default, as in yarn bench).
  const seconds = Number(process.argv[2] ?? 120);
  // AIML_SOAK=people: the 200-person soak on the production build (issue 21).
  const run =
    process.env.AIML_SOAK === 'people'
      ? benchPeopleSoak(seconds * 1000)
      : benchSoak({ durationMs: seconds * 1000, users: 100 });
  run.then(r => {
    table(r.summary);
    table(r.kinds);
    table(r.timeline);
    table(r.probes);
  });
}
