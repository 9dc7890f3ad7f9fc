import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  PrometheusClient,
  PrometheusMetricsSource,
  rangeReaderMetricsSource,
} from '@eks-aiml/plugin-aiml-backend';
import { SandboxRangeReader } from '@eks-aiml/plugin-aiml-backend-module-sandbox';
import {
  plantedNumber as num,
  PlantedRow,
  readPlantedScenarios,
  Sandbox,
  SANDBOX_ACCOUNT_ID,
  SandboxMetrics,
  verifySigV4,
} from '@eks-aiml/sandbox';
import { signIn, waitForMembership } from '../support/personas';
import { PortalBackend, startPortalBackend } from '../support/portalBackend';
import {
  backfillSandbox,
  PrometheusServer,
  startPrometheus,
  usageSeriesOnly,
} from '../support/prometheus';
import {
  PARTIAL_WARNING,
  PrometheusProxy,
  startPrometheusProxy,
} from '../support/prometheusProxy';

/**
 * The usage API on a real Prometheus (Debian's, started here), backfilled with promtool
 * from the sandbox generator's OpenMetrics for the planted week at one sample a minute:
 * - as the exporters write them, through two stand-ins: one injects faults
 *   (ml-sandbox-use1), one checks SigV4 as Amazon Managed Prometheus does
 *   (ml-sandbox-usw2);
 * - as a less friendly scrape stores them: dcgm-exporter's pod labels renamed
 *   `exported_*`, and kube-state-metrics without node labels (they come from the
 *   Kubernetes API).
 * Both must give every planted figure to the cent, and the same series as the sandbox
 * source.
 */

// Backfill, two Prometheus servers, two backends: room on a shared 2-core machine.
jest.setTimeout(240_000);

const DAY = 86_400_000;
const WEEK_START = Date.parse('2026-06-01T00:00:00Z');
const WEEK = { startMs: WEEK_START, endMs: WEEK_START + 7 * DAY };
/** metrics.timeout of the test clusters: a stalled Prometheus fails a request after it. */
const TIMEOUT_S = 8;
const PORTS = {
  exported: 7170,
  relabelled: 7171,
  backend: 7172,
  faults: 7173,
  sigv4: 7174,
  relabelledBackend: 7175,
};

const cents = (v: number) => Math.round(v * 100) / 100;
const scenarios = readPlantedScenarios();

/**
 * A scrape job that keeps the target's own labels renames dcgm-exporter's `namespace`,
 * `pod` and `container` to `exported_*`; kube-state-metrics without
 * `--metric-labels-allowlist` exports `kube_node_labels` with no labels.
 */
function relabellingScrape(
  name: string,
  labels: Readonly<Record<string, string>>,
): Record<string, string> | undefined {
  const kept = usageSeriesOnly(name, labels);
  if (!kept) return undefined;
  if (name === 'kube_node_labels') return { node: kept.node };
  if (!name.startsWith('DCGM_')) return kept;
  const { namespace, pod, container, ...device } = kept;
  return {
    ...device,
    ...(pod
      ? {
          exported_namespace: namespace,
          exported_pod: pod,
          exported_container: container,
        }
      : {}),
    namespace: 'gpu-operator',
    pod: `nvidia-dcgm-exporter-${device.Hostname ?? device.hostname}`,
    container: 'nvidia-dcgm-exporter',
  };
}

interface UsageApi {
  backend: PortalBackend;
  get(url: string): Promise<{ status: number; body: any; ms: number }>;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The portal backend on these clusters' Prometheus URLs, and FinOps' view of it. */
async function startUsageBackend(
  port: number,
  sandboxDir: string,
  urls: { use1: string; usw2: string },
): Promise<UsageApi> {
  const backend = await startPortalBackend({
    port,
    configs: ['test/app-config.prometheus.yaml'],
    env: {
      APP_CONFIG_aiml_sandbox_enabled: 'false',
      APP_CONFIG_aiml_sandbox_attach: sandboxDir,
      AIML_TEST_PROMETHEUS_USE1: urls.use1,
      AIML_TEST_PROMETHEUS_USW2: urls.usw2,
      AIML_TEST_PROMETHEUS_TIMEOUT: `${TIMEOUT_S}s`,
    },
  });
  await waitForMembership(backend, 'fatima', 'finops');
  const token = await signIn(backend, 'fatima');
  const usage: UsageApi = {
    backend,
    async get(url) {
      const t0 = performance.now();
      const res = await fetch(`${backend.baseUrl}/api/aiml${url}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      const body = await res.json();
      return { status: res.status, body, ms: performance.now() - t0 };
    },
  };
  // The first answer of a fresh backend pays Prometheus' cold start and the usage
  // worker's, which on a loaded CI machine can pass the short metrics.timeout these
  // clusters have: wait for one complete answer before the tests ask theirs.
  for (let i = 0; i < 5; i++) {
    const first = await usage.get(
      `/usage/teams?from=${isoDay(WEEK.startMs)}&to=${isoDay(WEEK.endMs)}`,
    );
    if (first.status === 200 && first.body.complete) break;
  }
  return usage;
}

/** Expects figures (hours to 1e-6, money to the cent) of a planted row. */
function expectFigures(actual: any, row: PlantedRow, keys: string[]) {
  const field: Record<string, [string, boolean]> = {
    'capacity hours': ['capacityHours', false],
    'allocated hours': ['allocatedHours', false],
    'busy hours': ['busyHours', false],
    'node cost': ['nodeCost', true],
    spend: ['spend', true],
    'idle spend': ['idleSpend', true],
    'unattributed spend': ['unattributedSpend', true],
    'unallocated cost': ['unallocatedCost', true],
  };
  for (const key of keys) {
    const [name, money] = field[key];
    if (money) expect([key, cents(actual[name])]).toEqual([key, num(row[key])]);
    else expect(actual[name]).toBeCloseTo(num(row[key]), 6);
  }
}

describe('usage from a real Prometheus', () => {
  let sandbox: Sandbox;
  let sandboxDir: string;
  const servers: PrometheusServer[] = [];
  const proxies: PrometheusProxy[] = [];
  const backends: UsageApi[] = [];
  let exported: PrometheusServer;
  let exportedDir: string;
  let faults: PrometheusProxy;
  let sigv4: PrometheusProxy;
  let api: UsageApi;
  let relabelledApi: UsageApi;

  beforeAll(async () => {
    sandbox = await Sandbox.start();
    sandboxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aiml-prom-sandbox-'));
    sandbox.writeOut(sandboxDir);
    const admin = sandbox.connection().credentials;
    // Backfilling takes both cores: one data set after the other, then everything else.
    const dataDirs = { exported: '', relabelled: '' };
    for (const [name, relabel] of [
      ['exported', usageSeriesOnly],
      ['relabelled', relabellingScrape],
    ] as const) {
      dataDirs[name] = fs.mkdtempSync(
        path.join(os.tmpdir(), `aiml-prom-${name}-`),
      );
      await backfillSandbox({
        dataDir: dataDirs[name],
        window: WEEK,
        stepSeconds: 60,
        relabel,
      });
    }
    const relabelled = await startPrometheus({
      dataDir: dataDirs.relabelled,
      port: PORTS.relabelled,
    });
    servers.push(relabelled);
    exportedDir = dataDirs.exported;
    exported = await startPrometheus({
      dataDir: dataDirs.exported,
      port: PORTS.exported,
    });
    servers.push(exported);
    faults = await startPrometheusProxy({
      port: PORTS.faults,
      upstream: exported.url,
    });
    sigv4 = await startPrometheusProxy({
      port: PORTS.sigv4,
      upstream: exported.url,
      check: req => {
        const verdict = verifySigV4(req, {
          service: 'aps',
          nowMs: Date.now(),
          findCredential: id =>
            id === admin.accessKeyId
              ? {
                  ...admin,
                  arn: `arn:aws:iam::${SANDBOX_ACCOUNT_ID}:user/admin`,
                }
              : undefined,
        });
        if (!verdict.ok) return verdict.failure.message;
        return verdict.region === 'us-west-2'
          ? undefined
          : `signed for ${verdict.region}`;
      },
    });
    proxies.push(faults, sigv4);
    [api, relabelledApi] = await Promise.all([
      startUsageBackend(PORTS.backend, sandboxDir, {
        use1: faults.url,
        usw2: sigv4.url,
      }),
      startUsageBackend(PORTS.relabelledBackend, sandboxDir, {
        use1: relabelled.url,
        usw2: relabelled.url,
      }),
    ]);
    backends.push(api, relabelledApi);
  });

  afterAll(async () => {
    exported?.resume();
    await Promise.all(backends.map(b => b.backend.stop()));
    await Promise.all(proxies.map(p => p.close()));
    await Promise.all(servers.map(s => s.stop()));
    await sandbox?.stop();
    if (sandboxDir) fs.rmSync(sandboxDir, { recursive: true, force: true });
  });

  it('reads the same series as the sandbox source (the planted week, 900 s steps as for 90 days)', async () => {
    const prometheus = new PrometheusMetricsSource({
      client: new PrometheusClient({ url: exported.url }),
      timeoutMs: 60_000,
      clusterLabel: 'cluster',
    });
    // The sandbox source as the backend runs it: its range reader, joined.
    const generator = rangeReaderMetricsSource(
      new SandboxRangeReader(new SandboxMetrics(), sandbox.clock),
    );
    const window = { ...WEEK, stepSeconds: 900 };
    // Prometheus averages in float64 in its own order: equal to 1e-9 of the value.
    const same = (a: ArrayLike<number>, b: ArrayLike<number>) =>
      a.length === b.length &&
      Array.from(a).every(
        (v, i) => Math.abs(v - b[i]) <= 1e-9 * Math.max(1, Math.abs(b[i])),
      );
    for (const cluster of ['ml-sandbox-use1', 'ml-sandbox-usw2']) {
      const [p, g] = await Promise.all([
        prometheus.load(cluster, window),
        generator.load(cluster, window),
      ]);
      expect(p.warnings).toBeUndefined();
      // Both in one order: the sources list series in their own.
      for (const x of [p, g]) {
        x.pods.sort((a, b) =>
          (a.pod + a.resource).localeCompare(b.pod + b.resource),
        );
      }
      const facts = (x: typeof g) => ({
        nodes: x.nodes.map(({ capacityUnits, ...n }) => n),
        pods: x.pods.map(({ requested, busy, ...pod }) => pod),
      });
      expect(facts(p)).toEqual(facts(g));
      const differing = [
        ...g.nodes.filter(
          (n, i) => !same(p.nodes[i].capacityUnits, n.capacityUnits),
        ),
        ...g.pods.filter(
          (pod, i) =>
            !same(p.pods[i].requested, pod.requested) ||
            !same(p.pods[i].busy, pod.busy),
        ),
      ];
      expect(differing).toEqual([]);
    }
  });

  describe.each([
    ['as the exporters write them (SigV4 on ml-sandbox-usw2)', () => api],
    [
      'through a relabelling scrape, node labels from the Kubernetes API',
      () => relabelledApi,
    ],
  ])('%s', (_name, usage) => {
    it.each(scenarios.projects.map(r => [`#${r['#']} ${r.project}`, r]))(
      'gives planted project %s to the cent',
      async (_row, row) => {
        const res = await usage().get(
          `/usage/projects/default/${row.project}?from=${row.from}&to=${row.to}`,
        );
        expect(res.status).toBe(200);
        expect(res.body.complete).toBe(true);
        const on = res.body.report.byCluster.find(
          (c: any) => c.cluster === row.cluster,
        );
        expectFigures(on, row, [
          'allocated hours',
          'busy hours',
          'spend',
          'idle spend',
        ]);
        expect(
          res.body.report.byCapacityType.map((t: any) => t.capacityType),
        ).toContain(row['capacity type']);
      },
    );

    it.each(scenarios.teams.map(r => [r.team, r]))(
      'gives team %s its planted week to the cent',
      async (_team, row) => {
        const res = await usage().get(
          `/usage/teams/${row.team}?from=2026-06-01&to=2026-06-08`,
        );
        expect(res.status).toBe(200);
        expectFigures(res.body.report.totals, row, [
          'allocated hours',
          'busy hours',
          'spend',
          'idle spend',
        ]);
      },
    );

    it('keeps cost centers and workload types equal to the teams plus unattributed', async () => {
      const res = await usage().get(
        '/usage/teams?from=2026-06-01&to=2026-06-08',
      );
      expect(res.status).toBe(200);
      const { report } = res.body;
      const sum = (rows: any[]) =>
        rows.reduce((s: number, r: any) => s + r.spend, 0);
      const teams = sum(report.byTeam) + report.totals.unattributedSpend;
      expect(sum(report.byCostCenter)).toBeCloseTo(teams, 6);
      expect(sum(report.byWorkloadType)).toBeCloseTo(teams, 6);
      // Every team namespace of the sandbox has its team's cost center.
      for (const team of report.byTeam) {
        const center = report.byCostCenter.filter(
          (c: any) =>
            c.costCenter !== null && Math.abs(c.spend - team.spend) < 1e-6,
        );
        expect(center).toHaveLength(1);
      }
    });

    it.each(scenarios.clusters.map(r => [r.cluster, r]))(
      'gives cluster %s its planted week to the cent',
      async (_cluster, row) => {
        const res = await usage().get(
          `/usage/clusters/${row.cluster}?from=2026-06-01&to=2026-06-08`,
        );
        expect(res.status).toBe(200);
        expect(res.body.sources).toEqual([
          { cluster: row.cluster, source: 'prometheus', status: 'ok' },
        ]);
        expectFigures(res.body.report.totals, row, [
          'capacity hours',
          'allocated hours',
          'busy hours',
          'node cost',
          'spend',
          'unattributed spend',
          'unallocated cost',
        ]);
      },
    );
  });

  it('signs every request to ml-sandbox-usw2 so that a SigV4 check accepts it', () => {
    expect(sigv4.requests).toBeGreaterThan(0);
    expect(sigv4.refused).toBe(0);
  });

  describe('faults (each on a window of its own: failed loads are not cached)', () => {
    const bound = (TIMEOUT_S + 4) * 1000;
    const use1 = (body: any) =>
      body.sources.find((s: any) => s.cluster === 'ml-sandbox-use1');
    const usw2Row = (body: any) =>
      body.report.byCluster.find((c: any) => c.cluster === 'ml-sandbox-usw2');

    afterEach(async () => {
      faults.mode = 'pass';
    });

    it("answers without a Prometheus that is down, naming it, and keeps the other cluster's figures", async () => {
      await faults.down();
      let res;
      try {
        res = await api.get('/usage/teams?from=2026-06-02&to=2026-06-03');
      } finally {
        await faults.up();
      }
      expect(res.status).toBe(200);
      expect(res.ms).toBeLessThan(bound);
      expect(res.body.complete).toBe(false);
      expect(use1(res.body)).toEqual({
        cluster: 'ml-sandbox-use1',
        source: 'prometheus',
        status: 'error',
        message: expect.stringMatching(
          /^Prometheus at http:\/\/127\.0\.0\.1:7173\/ cannot be reached: .*ECONNREFUSED/,
        ),
      });
      // ml-sandbox-usw2's figures are whole: the same as the other backend's.
      const reference = await relabelledApi.get(
        '/usage/teams?from=2026-06-02&to=2026-06-03',
      );
      expect(reference.body.complete).toBe(true);
      const [row, expected] = [usw2Row(res.body), usw2Row(reference.body)];
      expect(cents(row.spend)).toBe(cents(expected.spend));
      expect(cents(row.idleSpend)).toBe(cents(expected.idleSpend));
      expect(row.allocatedHours).toBeCloseTo(expected.allocatedHours, 6);
      expect(row.spend).toBeGreaterThan(0);
    });

    it('gives up on a Prometheus that does not answer, within the timeout', async () => {
      faults.mode = 'hang';
      const res = await api.get('/usage/teams?from=2026-06-03&to=2026-06-04');
      expect(res.status).toBe(200);
      expect(res.ms).toBeLessThan(bound);
      expect(res.ms).toBeGreaterThanOrEqual(TIMEOUT_S * 1000 - 500);
      expect(res.body.complete).toBe(false);
      expect(use1(res.body).message).toBe(
        `Prometheus at http://127.0.0.1:7173/ did not answer within ${TIMEOUT_S} s (metrics.timeout of the cluster)`,
      );
      expect(usw2Row(res.body).spend).toBeGreaterThan(0);
    });

    it('reports what a failing Prometheus answered', async () => {
      faults.mode = 'error';
      const res = await api.get('/usage/teams?from=2026-06-04&to=2026-06-05');
      expect(res.status).toBe(200);
      expect(res.body.complete).toBe(false);
      expect(use1(res.body)).toMatchObject({
        status: 'error',
        message:
          'Prometheus at http://127.0.0.1:7173/ answered 422: execution: query processing would load too many samples into memory in query execution',
      });
    });

    it('labels an answer given in part as partial, never complete', async () => {
      faults.mode = 'partial';
      const res = await api.get('/usage/teams?from=2026-06-05&to=2026-06-06');
      expect(res.status).toBe(200);
      expect(res.body.complete).toBe(false);
      expect(use1(res.body)).toEqual({
        cluster: 'ml-sandbox-use1',
        source: 'prometheus',
        status: 'partial',
        message: `answered in part: ${PARTIAL_WARNING}`,
      });
      // Its figures are there, marked as possibly short.
      expect(
        res.body.report.byCluster.map((c: any) => c.cluster).sort(),
      ).toEqual(['ml-sandbox-use1', 'ml-sandbox-usw2']);
    });

    it('answers 503 naming every source when no Prometheus answers, within the timeout', async () => {
      exported.pause();
      let res;
      try {
        res = await api.get('/usage/teams?from=2026-06-06&to=2026-06-07');
      } finally {
        exported.resume();
      }
      expect(res.status).toBe(503);
      expect(res.ms).toBeLessThan(bound);
      expect(res.body.error.name).toBe('ServiceUnavailableError');
      expect(res.body.error.message).toBe(
        `No usage could be read: cluster ml-sandbox-use1 (prometheus): Prometheus at http://127.0.0.1:7173/ did not answer within ${TIMEOUT_S} s (metrics.timeout of the cluster); cluster ml-sandbox-usw2 (prometheus): Prometheus at http://127.0.0.1:7174/ did not answer within ${TIMEOUT_S} s (metrics.timeout of the cluster)`,
      );
      expect(res.body.error.stack).toBeUndefined();
      const cluster = await api.get(
        '/usage/clusters/ml-sandbox-use1?from=2026-06-06&to=2026-06-07',
      );
      // Answered again once Prometheus is back (nothing failed was cached).
      expect(cluster.status).toBe(200);
      expect(cluster.body.complete).toBe(true);
    });

    it('keeps answering when Prometheus is killed mid-run, and reads it again once restarted', async () => {
      const window = '?from=2026-06-01&to=2026-06-02';
      // Killed while the backend is reading from it.
      const during = api.get(`/usage/teams${window}`);
      await exported.kill();
      const res = await during;
      expect(res.ms).toBeLessThan(bound);
      // Whole (read before the kill) or 503 naming the sources, nothing in between.
      const outcome =
        res.status === 200
          ? { status: 200, complete: res.body.complete }
          : {
              status: res.status,
              message: res.body.error?.message?.slice(0, 24),
            };
      expect([
        { status: 200, complete: true },
        { status: 503, message: 'No usage could be read: ' },
      ]).toContainEqual(outcome);
      const after = await api.get(`/usage/teams${window}`);
      expect(after.status).toBe(503);
      expect(after.ms).toBeLessThan(bound);
      // Both clusters read it (through the test's proxies, which answer 502): both named.
      expect(after.body.error.message).toMatch(
        /cluster ml-sandbox-use1 \(prometheus\): Prometheus at .* answered 502.*cluster ml-sandbox-usw2 \(prometheus\)/,
      );

      // Restarted on its data (its WAL and blocks survive SIGKILL).
      exported = await startPrometheus({
        dataDir: exportedDir,
        port: PORTS.exported,
      });
      servers.push(exported);
      const back = await api.get(`/usage/teams${window}`);
      expect(back.status).toBe(200);
      expect(back.body.complete).toBe(true);
      expect(back.body.report.totals.spend).toBeGreaterThan(0);
    });
  });
});
