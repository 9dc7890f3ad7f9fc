import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Sandbox, SandboxMetrics, toOpenMetrics } from '@eks-aiml/sandbox';
import { startPortalBackend } from '../support/portalBackend';
import {
  ensureBuiltBackend,
  repoCatalogLocations,
} from '../support/builtBackend';
import { signIn } from '../support/personas';
import { median, Row, table } from './stats';

const DAY = 86_400_000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The usage API through the real portal backend (attached to a sandbox process, so the
 * backend computes the sandbox's metrics locally from the seed): cold answers (nothing
 * cached: each run asks for a window shifted by a day) and warm ones (cached), for 30,
 * 90 and 180 days; and the generator itself, in-process.
 */
export async function benchUsage(options: { runs: number }): Promise<Row[]> {
  const rows: Row[] = [];

  // The generator alone: every series of both clusters, 180 days at the API's step.
  const metrics = new SandboxMetrics();
  const end = Math.floor(Date.now() / DAY) * DAY;
  const long = { startMs: end - 180 * DAY, endMs: end, stepSeconds: 1800 };
  const t0 = performance.now();
  let series = 0;
  for (const cluster of metrics.clusterNames()) {
    for (const s of metrics.series(cluster)) {
      metrics.sampleRange(s, long);
      series++;
    }
  }
  rows.push({
    measure: `generator: all ${series} series of both clusters, 180 days at 1800 s, ms`,
    value: performance.now() - t0,
  });
  const t1 = performance.now();
  const text = toOpenMetrics({ startMs: end - DAY, endMs: end }, 60, {
    metrics,
    clusters: ['ml-sandbox-use1'],
  });
  rows.push({
    measure: `generator: OpenMetrics of ml-sandbox-use1, 1 day at 60 s (${(
      text.length /
      2 ** 20
    ).toFixed(1)} MiB), ms`,
    value: performance.now() - t1,
  });

  const sandbox = await Sandbox.start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-bench-usage-'));
  sandbox.writeOut(dir);
  const backend = await startPortalBackend({
    port: 7143,
    // The production build (AIML_BENCH_SKIP_BUILD=1 reuses the last one).
    builtDir: ensureBuiltBackend({
      build: process.env.AIML_BENCH_SKIP_BUILD !== '1',
    }),
    env: {
      APP_CONFIG_catalog_locations: repoCatalogLocations(),
      APP_CONFIG_aiml_sandbox_enabled: 'false',
      APP_CONFIG_aiml_sandbox_attach: dir,
    },
  });
  try {
    // FinOps sees every team, once the catalog has the organization.
    let token = '';
    const get = async (url: string) => {
      const t = performance.now();
      const res = await fetch(`${backend.baseUrl}/api/aiml${url}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      const body = await res.text();
      if (!res.ok) throw new Error(`${url} answered ${res.status}: ${body}`);
      return { ms: performance.now() - t, body };
    };
    for (let i = 0; i < 240; i++) {
      token = token || (await signIn(backend, 'fatima').catch(() => ''));
      const ready =
        token &&
        (await get('/usage/teams?from=2026-06-01&to=2026-06-02').then(
          r => JSON.parse(r.body).fleet === true,
          () => false,
        ));
      if (ready) break;
      await new Promise(r => setTimeout(r, 500));
    }
    const today = Math.floor(sandbox.clock.nowMs() / DAY) * DAY;
    const window = (days: number, shift: number) =>
      `from=${isoDate(today - (days + shift) * DAY)}&to=${isoDate(
        today - shift * DAY,
      )}`;
    let shift = 1;
    const cold = async (url: (q: string) => string, days: number) => {
      const times: number[] = [];
      for (let i = 0; i < options.runs; i++) {
        times.push((await get(url(window(days, shift++)))).ms);
      }
      return median(times);
    };
    for (const days of [30, 90, 180]) {
      rows.push({
        measure: `GET /usage/teams, ${days} days, cold (current and previous period): median ms`,
        value: await cold(q => `/usage/teams?${q}`, days),
      });
    }
    const q90 = window(90, 0);
    const first = await get(`/usage/teams?${q90}`);
    const warm: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      warm.push((await get(`/usage/teams?${q90}`)).ms);
    }
    rows.push({
      measure: 'GET /usage/teams, 90 days, warm (cached): median ms',
      value: median(warm),
    });
    rows.push({
      measure: `  same window, first ask: ms (answer ${(
        first.body.length / 1024
      ).toFixed(0)} KiB)`,
      value: first.ms,
    });
    rows.push({
      measure: 'GET /usage/teams/ml-research, same 90 days (series loaded): ms',
      value: (await get(`/usage/teams/ml-research?${q90}`)).ms,
    });
    rows.push({
      measure: 'GET /usage/projects/default/llama-finetune, same 90 days: ms',
      value: (await get(`/usage/projects/default/llama-finetune?${q90}`)).ms,
    });
    rows.push({
      measure: 'GET /usage/clusters/ml-sandbox-use1, same 90 days: ms',
      value: (await get(`/usage/clusters/ml-sandbox-use1?${q90}`)).ms,
    });
    rows.push({
      measure: 'GET /usage/teams?format=csv, same 90 days (cached): ms',
      value: (await get(`/usage/teams?${q90}&format=csv`)).ms,
    });
    rows.push({
      measure: 'GET /pricing: ms',
      value: (await get('/pricing')).ms,
    });
  } finally {
    await backend.stop();
    await sandbox.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

if (require.main === module) {
  benchUsage({ runs: 3 }).then(rows => table(rows));
}
