import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  PrometheusClient,
  PrometheusMetricsSource,
} from '@eks-aiml/plugin-aiml-backend';
import { MetricsWindow } from '@eks-aiml/plugin-aiml-node';
import { Sandbox } from '@eks-aiml/sandbox';
import { signIn, waitForMembership } from '../support/personas';
import { startPortalBackend } from '../support/portalBackend';
import {
  benchBackendNodeArgs,
  ensureBuiltBackend,
  repoCatalogLocations,
} from '../support/builtBackend';
import {
  backfillSandbox,
  startPrometheus,
  usageSeriesOnly,
} from '../support/prometheus';
import { mainThreadCpuMs, processCpuMs } from './processMemory';
import { ProbeResults, startProber } from './prober';
import { median, percentile, Row, table } from './stats';

const DAY = 86_400_000;
const CLUSTERS = ['ml-sandbox-use1', 'ml-sandbox-usw2'];
/** One sample every 5 minutes: 65 days of the fleet at a minute would be ~20 GB of text to backfill. */
const SCRAPE_SECONDS = 300;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** Cold answers with the portal's endpoints probed alongside, after the timed ones. */
const PROBED_RUNS = 2;

/**
 * The range queries one load of a cluster makes, in its rounds: a round is sent once
 * the answers of the one before are read (pod-level queries need the pods). Recorded
 * by running the source itself against Prometheus.
 */
async function recordLoad(
  url: string,
  cluster: string,
  window: MetricsWindow,
): Promise<string[][]> {
  const rounds: string[][] = [];
  let answered = 0;
  const client = new PrometheusClient({
    url,
    fetch: async (input, init) => {
      (rounds[answered] ??= []).push(String(init!.body));
      try {
        return await fetch(input, init);
      } finally {
        answered++;
      }
    },
  });
  await new PrometheusMetricsSource({
    client,
    timeoutMs: 120_000,
    clusterLabel: 'cluster',
  }).load(cluster, window);
  return rounds.filter(Boolean);
}

/** Sends recorded loads as they were sent: loads at once, each round after the last. */
async function replay(url: string, loads: string[][][]): Promise<number> {
  const t0 = performance.now();
  await Promise.all(
    loads.map(async rounds => {
      for (const round of rounds) {
        await Promise.all(
          round.map(body =>
            fetch(`${url}/api/v1/query_range`, {
              method: 'POST',
              body,
              headers: {
                'content-type': 'application/x-www-form-urlencoded',
                'accept-encoding': 'identity',
              },
            }).then(res => res.text()),
          ),
        );
      }
    }),
  );
  return performance.now() - t0;
}

/** Where Prometheus and the backend run: on the same cores, or each on its own. */
interface Layout {
  label: string;
  prometheusCpus?: string;
  backendCpus?: string;
}

const LAYOUTS: Layout[] = [
  { label: 'same cores' },
  // As a deployment runs them (Prometheus or AMP elsewhere): the parsing overlaps the
  // queries instead of taking CPU from them.
  {
    label: 'Prometheus on core 0, the backend on core 1',
    prometheusCpus: '0',
    backendCpus: '1',
  },
];

/**
 * One layout's rows: raw, cold (one window `firstShift`.. days back per run), CPU
 * time, cached. Starts Prometheus over `dataDir` and the built backend.
 */
async function measureLayout(options: {
  layout: Layout;
  dataDir: string;
  sandboxDir: string;
  today: number;
  runs: number;
  firstShift: number;
  builtDir: string;
}): Promise<Row[]> {
  const { layout, today, runs, firstShift } = options;
  const prometheus = await startPrometheus({
    dataDir: options.dataDir,
    port: 7180,
    cpus: layout.prometheusCpus,
  });
  const backend = await startPortalBackend({
    port: 7181,
    configs: ['test/app-config.prometheus.yaml'],
    nodeArgs: benchBackendNodeArgs(),
    builtDir: options.builtDir,
    cpus: layout.backendCpus,
    env: {
      APP_CONFIG_catalog_locations: repoCatalogLocations(),
      APP_CONFIG_aiml_sandbox_enabled: 'false',
      APP_CONFIG_aiml_sandbox_attach: options.sandboxDir,
      AIML_TEST_PROMETHEUS_USE1: prometheus.url,
      AIML_TEST_PROMETHEUS_USW2: prometheus.url,
      AIML_TEST_PROMETHEUS_TIMEOUT: '120s',
    },
  });
  try {
    await waitForMembership(backend, 'fatima', 'finops');
    const token = await signIn(backend, 'fatima');
    const get = async (url: string) => {
      const t = performance.now();
      const res = await fetch(`${backend.baseUrl}/api/aiml${url}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      const body = await res.json();
      if (!res.ok || !body.complete || !body.fleet) {
        throw new Error(
          `${url} answered ${res.status}: ${JSON.stringify(body)}`,
        );
      }
      return performance.now() - t;
    };
    const windowOf = (shift: number): MetricsWindow => ({
      startMs: today - (30 + shift) * DAY,
      endMs: today - shift * DAY,
      stepSeconds: 300,
    });
    const usageOf = (w: MetricsWindow) =>
      `/usage/teams?from=${isoDate(w.startMs)}&to=${isoDate(w.endMs)}`;
    const loadsOf = (w: MetricsWindow) =>
      Promise.all(
        [w, { ...w, startMs: 2 * w.startMs - w.endMs, endMs: w.startMs }]
          .flatMap(period => CLUSTERS.map(c => [c, period] as const))
          .map(([c, period]) => recordLoad(prometheus.url, c, period)),
      );
    // Warms Prometheus' page cache and the backend's code paths on a window of its own.
    const warm = windowOf(firstShift + runs);
    await replay(prometheus.url, await loadsOf(warm));
    await get(usageOf(warm));
    const cold: number[] = [];
    const raw: number[] = [];
    // CPU time used: on shared cores the backend's parsing takes CPU from the queries.
    const cpu = () => ({
      prometheus: processCpuMs(prometheus.pid),
      backend: processCpuMs(backend.pid),
      mainThread: mainThreadCpuMs(backend.pid),
    });
    const cpuRaw: number[] = [];
    const cpuCold: Array<ReturnType<typeof cpu>> = [];
    let queries = 0;
    for (let shift = firstShift; shift < firstShift + runs; shift++) {
      const w = windowOf(shift);
      const loads = await loadsOf(w);
      queries = loads.flat(2).length;
      const before = cpu();
      raw.push(await replay(prometheus.url, loads));
      const between = cpu();
      cold.push(await get(usageOf(w)));
      const after = cpu();
      cpuRaw.push(between.prometheus - before.prometheus);
      cpuCold.push({
        prometheus: after.prometheus - between.prometheus,
        backend: after.backend - between.backend,
        mainThread: after.mainThread - between.mainThread,
      });
    }
    const cached: number[] = [];
    for (let i = 0; i < runs; i++) {
      cached.push(await get(usageOf(windowOf(firstShift))));
    }
    // The portal's own endpoints while cold answers compute, on windows of their own so
    // that the probes' CPU stays out of the figures above.
    const probed: ProbeResults[] = [];
    for (let i = 0; i < PROBED_RUNS; i++) {
      const prober = startProber(backend.baseUrl, 'fatima', 50);
      await get(usageOf(windowOf(firstShift + runs + 1 + i)));
      probed.push(await prober.stop());
    }
    const probes = Object.keys(probed[0]).map(name => {
      const ms = probed.flatMap(p => p[name].ms);
      const failures = probed.reduce((n, p) => n + p[name].failures, 0);
      return `${name} ${percentile(ms, 99).toFixed(0)} / ${Math.max(
        ...ms,
      ).toFixed(0)}${failures ? ` (${failures} failed)` : ''}`;
    });
    const rawMs = median(raw);
    const cpuOf = (key: keyof ReturnType<typeof cpu>) =>
      median(cpuCold.map(c => c[key])).toFixed(0);
    return [
      {
        measure: `${layout.label}: raw PromQL, the ${queries} range queries of one cold answer (2 periods × 2 clusters, in their rounds), median ms`,
        value: rawMs,
        ratio: '1.00 × raw',
      },
      {
        measure: `${layout.label}: GET /usage/teams, 30 days, whole fleet, cold (both periods), median ms`,
        value: median(cold),
        ratio: `${(median(cold) / rawMs).toFixed(2)} × raw`,
      },
      {
        measure: `${layout.label}: CPU time, Prometheus for the raw queries / for a cold answer / the backend for it (all threads) / its event loop, median ms`,
        value: `${median(cpuRaw).toFixed(0)} / ${cpuOf('prometheus')} / ${cpuOf(
          'backend',
        )} / ${cpuOf('mainThread')}`,
        ratio: '',
      },
      {
        measure: `${layout.label}: the portal's endpoints while ${PROBED_RUNS} cold answers compute, probed every 50 ms from another process, p99 / max ms`,
        value: probes.join('; '),
        ratio: '',
      },
      {
        measure: `${layout.label}: GET /usage/teams, same 30 days, cached, median ms`,
        value: median(cached),
        ratio: `${(median(cached) / rawMs).toFixed(3)} × raw`,
      },
    ];
  } finally {
    await backend.stop();
    await prometheus.kill();
  }
}

/**
 * `GET /usage/teams` for 30 days over the whole sandbox fleet, read from a real
 * Prometheus (Debian's 2.42, backfilled here): cold (each run a window shifted by a
 * day, so nothing is cached), next to the raw PromQL range queries the backend makes for
 * it (both periods, both clusters, in the same rounds, bodies read, not parsed), and
 * cached; with Prometheus and the backend on the same cores and each on its own.
 * Same machine, medians of `runs` runs.
 */
export async function benchPrometheusUsage(options: {
  runs: number;
}): Promise<Row[]> {
  const rows: Row[] = [];
  const sandbox = await Sandbox.start();
  const sandboxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-bench-prom-'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-bench-tsdb-'));
  sandbox.writeOut(sandboxDir);
  const today = Math.floor(sandbox.clock.nowMs() / DAY) * DAY;
  // Each cold run asks for 30 days (and the 30 before) one day earlier than the last,
  // each layout on days of its own, and windows more per layout to warm up and probe.
  const runsPerLayout = options.runs + 1 + PROBED_RUNS;
  const days = 60 + LAYOUTS.length * runsPerLayout + 1;
  try {
    const t0 = performance.now();
    await backfillSandbox({
      dataDir,
      window: { startMs: today - days * DAY, endMs: today },
      stepSeconds: SCRAPE_SECONDS,
      relabel: usageSeriesOnly,
      pieceDays: 5,
    });
    rows.push({
      measure: `backfill: ${days} days of both clusters, a sample every ${SCRAPE_SECONDS} s (promtool), ms`,
      value: performance.now() - t0,
      ratio: '',
    });
    // The production build (AIML_BENCH_SKIP_BUILD=1 reuses the last one).
    const builtDir = ensureBuiltBackend({
      build: process.env.AIML_BENCH_SKIP_BUILD !== '1',
    });
    for (const [i, layout] of LAYOUTS.entries()) {
      rows.push(
        ...(await measureLayout({
          layout,
          dataDir,
          sandboxDir,
          today,
          runs: options.runs,
          firstShift: 1 + i * runsPerLayout,
          builtDir,
        })),
      );
    }
  } finally {
    await sandbox.stop();
    fs.rmSync(sandboxDir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}

if (require.main === module) {
  benchPrometheusUsage({ runs: 5 }).then(rows => console.log(table(rows)));
}
