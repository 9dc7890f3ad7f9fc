import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchAccess } from './access.bench';
import { benchBundle } from './bundle.bench';
import { benchKueueAdmission } from './kueue.bench';
import { benchPrometheusUsage } from './prometheus.bench';
import { benchSandbox } from './sandbox.bench';
import { benchScale } from './scale.bench';
import { benchPeopleSoak } from './soak.bench';
import { benchTemplates } from './templates.bench';
import { benchUsage } from './usage.bench';
import { table } from './stats';

/** `yarn bench`: every benchmark, printed and written to docs/benchmarks.md. */
async function main() {
  const sections: Array<[string, string]> = [];
  console.log('## Sandbox');
  sections.push([
    'Sandbox',
    table(await benchSandbox({ durationMs: 3000, runs: 5 })),
  ]);
  console.log('\n## Access broker');
  sections.push([
    'Access broker',
    [
      table(await benchAccess({ durationMs: 5000, runs: 3, concurrency: 50 })),
      '',
      // Why the broker can beat the raw calls: see the note.
      'The raw calls run in the benchmark process, which also hosts the sandbox and opens a new TLS connection per Kubernetes call; the broker runs in its own backend process. Read the ratio as "the broker adds no measurable cost over the cluster calls it makes", not as a speed-up.',
    ].join('\n'),
  ]);
  console.log('\n## Soak: 200 people, production build');
  const people = await benchPeopleSoak(300_000);
  sections.push([
    'Soak: 200 people, production build',
    [
      table(people.summary),
      '',
      table(people.kinds),
      '',
      table(people.timeline),
      '',
      table(people.probes),
      '',
      // What the load is, so the figures read right.
      '200 people of their own (catalog Users made for the run, each signed in with their own token; every tenth in FinOps), 1–5 s between actions, for 5 minutes: 10% a grant request and its revocation, 15% the portal page (its usage, the clusters and their grants at once), the rest team lists, team and project pages over windows of 7, 30 and 90 days or the default (30 and 90 on Prometheus). The backend is the production build (`backstage-cli package build`, unpacked and installed with `yarn workspaces focus --production`, run with `node packages/backend`; NODE_ENV=test, because the sandbox module refuses production) on PostgreSQL, usage from the sandbox generator (run in the backend worker threads; `AIML_SOAK_METRICS=prometheus` reads a real Prometheus instead); per-person caps at their defaults. The probes run in a process of their own, one round every 250 ms: a catalog read with a static token, the liveness check, the aiml health route and a sign-in (catalog read, token, a write to the auth database); "after the first minute" leaves out the minute in which the 169 distinct usage answers are first computed. The backend main thread CPU % is its event loop thread\'s CPU time over wall time (/proc), sampled every 10 s.',
    ].join('\n'),
  ]);
  console.log('\n## Golden paths');
  sections.push([
    'Golden paths',
    [
      table(await benchTemplates({ runs: 7 })),
      '',
      'Development mode (`backstage-cli package start`: the dry runs sign in as the guest, maya). Each template dry-run through the real scaffolder (`POST /api/scaffolder/v2/dry-run`) of the portal backend attached to a sandbox, next to a template that only runs `fetch:template` on the same skeleton. The other steps are the aiml actions (render, describe, provision, apply: catalog reads and GET requests to the sandbox clusters) and the local publish and register dry runs.',
    ].join('\n'),
  ]);
  console.log('\n## Usage and spend');
  sections.push(['Usage and spend', table(await benchUsage({ runs: 3 }))]);
  console.log('\n## Usage and spend on Prometheus');
  sections.push([
    'Usage and spend on Prometheus',
    [
      table(await benchPrometheusUsage({ runs: 5 })),
      '',
      // What the raw figure is, so the ratio reads right.
      'Prometheus 2.42 (Debian) on the same machine holds the whole sandbox fleet, one sample every 5 minutes (the 30-day step). "Raw" sends the very range queries the backend makes for one cold answer (recorded from the source: current and previous period, both clusters, in their dependent rounds) and reads the answers without parsing them; the cold answer adds parsing, the joins, the cost model of both periods and the HTTP hop. Each cold run asks for a window one day earlier, so nothing is cached. The machine has 2 cores: on the same cores, Prometheus evaluating the queries keeps nearly both busy, so every CPU millisecond the backend spends (the CPU row) lengthens the answer; pinned apart (`taskset`), as a deployment runs them (Prometheus or AMP on other machines), the backend parses while Prometheus evaluates, but Prometheus has one core, so raw is slower too.',
    ].join('\n'),
  ]);
  console.log('\n## Scale');
  sections.push([
    'Scale',
    [
      table(await benchScale({ runs: 3, grants: 300 })),
      '',
      // What is synthetic, so the figures are not read as a real fleet's.
      'The cost model runs in the benchmark process on a synthetic fleet (test/bench/syntheticFleet.ts): 100 clusters, 1,250 8-GPU nodes (10,000 GPUs; p4d, p5, g5 and g6e, a third spot), 500 teams with a namespace on each of 2 clusters, each node split into two 4-GPU slots running 1 or 2 pods in turn. The reconciler rows go through the portal backend on PostgreSQL attached to the sandbox (one token cluster). docs/scale.md reads these figures and extrapolates from them.',
    ].join('\n'),
  ]);
  console.log('\n## Kueue: create to admission');
  sections.push([
    'Kueue: create to admission',
    [
      table(await benchKueueAdmission({ runs: 5 })),
      '',
      // What the figure is, so it is not read as the admission loop's latency.
      "The product's figure for a cluster with scheduling kueue: from the golden path's task to the Workload's Admitted condition on an empty cohort, through the portal's backend attached to a sandbox running Kueue's admission loop. The admission row includes the 500 ms polling of the check; the ready row is the sandbox's fake CI and ACK, not the product.",
    ].join('\n'),
  ]);
  console.log('\n## Frontend bundle');
  sections.push(['Frontend bundle', table(await benchBundle())]);
  const machine = `${os.cpus().length} × ${
    os.cpus()[0]?.model ?? 'cpu'
  }, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const doc = [
    '# Benchmarks',
    '',
    `Written by \`yarn bench\` on ${new Date()
      .toISOString()
      .slice(
        0,
        10,
      )} (${machine}). Loopback only; medians of several runs where stated.`,
    '',
    ...sections.flatMap(([title, text]) => [`## ${title}`, '', text, '']),
  ].join('\n');
  fs.writeFileSync(path.resolve(__dirname, '../../docs/benchmarks.md'), doc);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
