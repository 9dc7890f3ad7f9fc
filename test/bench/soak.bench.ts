import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { Sandbox } from '@eks-aiml/sandbox';
import { BURST_LIMITS, PortalBackend } from '../support/portalBackend';
import { startPostgresBackend } from '../support/postgresBackend';
import { grantObjectsOnCluster } from '../support/grantObjects';
import { signIn, waitForMembership } from '../support/personas';
import { postgres } from '../support/postgres';
import { processGroupRss } from './processMemory';
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
  | 'grant revoke';
const KINDS: Kind[] = [
  'usage: teams',
  'usage: team',
  'usage: project',
  'grant request',
  'grant revoke',
];

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

/** The backend's resident memory: the largest process of its group (backstage-cli runs it as a child). */
/** The backend process: the largest of its group (backstage-cli runs it as a child). */
function backendProcess(backend: PortalBackend): {
  pid: number;
  bytes: number;
} {
  const [largest] = processGroupRss(backend.pid);
  return { pid: largest?.pid ?? 0, bytes: largest?.rssBytes ?? NaN };
}

/**
 * Soak: `users` concurrent users (the example personas, round robin) for `durationMs`
 * against the portal backend on PostgreSQL, attached to a sandbox in this process.
 * Each user loops without think time: 70% usage GETs (team list, team page, project
 * page, over windows of 7, 30 and 90 days ending up to three days ago, or the
 * default), 30% a grant request (each one distinct) followed by its revocation, so
 * the cluster holds no more grant objects than requests in flight. FinOps has no
 * namespace: her 30% are fleet-wide team lists. Backend RSS is sampled every 10 s.
 */
export async function benchSoak(options: {
  durationMs: number;
  users: number;
  port?: number;
}): Promise<{ summary: Row[]; kinds: Row[]; timeline: Row[] }> {
  const sandbox = await Sandbox.start();
  // 100 users share 8 personas with no think time: each persona fires ~12 users'
  // grants, which the per-person caps would refuse. The caps are raised here; a soak
  // with distinct people and think time keeps them (issue 21).
  const { backend, prefix, stop } = await startPostgresBackend(
    sandbox,
    options.port ?? 7200,
    BURST_LIMITS,
  );
  try {
    // Tokens carry the memberships the catalog knew at sign-in: wait for them first.
    const tokens = new Map<string, string>();
    for (const p of PERSONAS) {
      await waitForMembership(backend, p.name, p.team);
      tokens.set(p.name, await signIn(backend, p.name));
    }
    const today = Math.floor(sandbox.clock.nowMs() / DAY) * DAY;
    const windows = [''].concat(
      [7, 30, 90].flatMap(days =>
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

    const rss: Array<{ at: number; pid: number; bytes: number }> = [];
    const before = backendProcess(backend);
    let grantNumber = 0;
    // Each distinct usage answer (scope as seen, window) and when it was first asked: the
    // backend caches each one's reports, so memory follows their number.
    const answers = new Map<string, number>();
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
      const persona = PERSONAS[index % PERSONAS.length];
      const draw = random(index + 1);
      const teams = persona.team in TEAMS ? [persona.team] : Object.keys(TEAMS);
      while (performance.now() < deadline) {
        const r = draw();
        const window = pick(windows, draw());
        const query = window ? `?${window}` : '';
        const team = pick(teams, draw());
        if (r < 0.3 && persona.team in TEAMS) {
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
        } else {
          const { kind, url, seenAs } = usageRequest(
            (r - 0.3) / 0.7,
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
      }
    };
    await Promise.all(Array.from({ length: options.users }, (_, i) => user(i)));
    const loadMs = performance.now() - loadStart;
    clearInterval(sampler);
    const after = backendProcess(backend);

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
      });
    }
    return { summary, kinds, timeline };
  } finally {
    // AIML_BENCH_LOG_DIR=dir keeps the backend's log, for looking into failures.
    if (process.env.AIML_BENCH_LOG_DIR) {
      fs.writeFileSync(
        path.join(process.env.AIML_BENCH_LOG_DIR, 'soak-backend.log'),
        backend.output(),
      );
    }
    await stop();
    await sandbox.stop();
  }
}

if (require.main === module) {
  // Seconds from the command line (120 by default, as in yarn bench).
  const seconds = Number(process.argv[2] ?? 120);
  benchSoak({ durationMs: seconds * 1000, users: 100 }).then(r => {
    table(r.summary);
    table(r.kinds);
    table(r.timeline);
  });
}
