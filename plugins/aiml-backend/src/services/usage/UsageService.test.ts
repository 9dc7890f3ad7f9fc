import { mockServices } from '@backstage/backend-test-utils';
import { ServiceUnavailableError } from '@backstage/errors';
import { computeCostReport } from '@eks-aiml/plugin-aiml-common';
import { AcceleratorMetricsSource } from '@eks-aiml/plugin-aiml-node';
import { readPriceBook } from './pricing';
import { InlineCostComputer } from './compute';
import { UsageService } from './UsageService';
import { usageWindow } from './usageWindow';

// The real cost model, counted.
jest.mock('@eks-aiml/plugin-aiml-common', () => {
  const actual = jest.requireActual('@eks-aiml/plugin-aiml-common');
  return { ...actual, computeCostReport: jest.fn(actual.computeCostReport) };
});

const DAY = 86_400_000;
const START = Date.parse('2026-06-01T00:00:00Z');
const window = usageWindow(START, START + DAY);

/** One g5.xlarge (1 A10G at 1.006/h) per cluster; pods of two teams and one unowned. */
function stubSource(): AcceleratorMetricsSource & { calls: number } {
  const source = {
    calls: 0,
    async load(
      cluster: string,
      w: { startMs: number; endMs: number; stepSeconds: number },
    ) {
      source.calls++;
      const steps = (w.endMs - w.startMs) / (w.stepSeconds * 1000);
      const full = (v: number) => new Float64Array(steps).fill(v);
      return {
        nodes: [
          {
            cluster,
            node: 'n1',
            instanceType: 'g5.12xlarge',
            capacityType: 'on-demand' as const,
            resource: 'nvidia.com/gpu' as const,
            acceleratorType: 'nvidia-a10g',
            capacityUnits: full(4),
          },
        ],
        pods: [
          ['a-training', 'pa', 'proj-a'],
          ['b-training', 'pb', 'proj-b'],
          ['scratch', 'ps', undefined],
        ].map(([namespace, pod, project]) => ({
          cluster,
          namespace: namespace!,
          pod: pod!,
          project,
          node: 'n1',
          resource: 'nvidia.com/gpu' as const,
          requested: full(1),
          busy: full(0.5),
        })),
      };
    },
  };
  return source;
}

function service(
  options: {
    failing?: string[];
    partial?: string;
    store?: Map<string, any>;
    maxConcurrentLoads?: number;
    maxLoadedSeriesMiB?: number;
  } = {},
) {
  const source = stubSource();
  const loading = { now: 0, most: 0 };
  const faulty = (name: string): AcceleratorMetricsSource => ({
    load: async (cluster, w) => {
      if (options.failing?.includes(name)) {
        throw new Error(`Prometheus at http://${name}/ cannot be reached`);
      }
      loading.most = Math.max(loading.most, ++loading.now);
      await new Promise(r => setTimeout(r, 5));
      loading.now--;
      const series = await source.load(cluster, w);
      return options.partial === name
        ? { ...series, warnings: ['store eu-1 unavailable'] }
        : series;
    },
  });
  const usage = new UsageService({
    sources: [
      { cluster: 'c1', type: 'prometheus', source: faulty('c1') },
      { cluster: 'c2', type: 'prometheus', source: faulty('c2') },
      {
        cluster: 'c3',
        type: 'none',
        problem: 'no metrics source is configured',
      },
    ],
    readNamespaces: async () => ({
      'a-training': { team: 'team-a', costCenter: 'cc-a' },
      'b-training': { team: 'team-b' },
    }),
    prices: readPriceBook(mockServices.rootConfig()),
    costs: new InlineCostComputer(),
    clock: { nowMs: () => START + 10 * DAY },
    cache: mockServices.cache.mock({
      get: async (k: string) => options.store?.get(k),
      set: async (k: string, v: any) => {
        options.store?.set(k, v);
      },
    }),
    logger: mockServices.logger.mock(),
    maxConcurrentLoads: options.maxConcurrentLoads,
    maxLoadedSeriesMiB: options.maxLoadedSeriesMiB,
  });
  return { usage, source, loading };
}

describe('UsageService', () => {
  it('scopes reports: a team sees its pods and no fleet figures', async () => {
    const { usage } = service();
    const team = await usage.compute(
      { kind: 'teams', teams: ['team-a'] },
      window,
    );
    // 1 GPU × 24 h × 2 clusters at 5.672 / 4 = 1.418 per GPU-hour.
    expect(team.report.totals.allocatedHours).toBe(48);
    expect(team.report.totals.spend).toBeCloseTo(48 * 1.418, 9);
    expect(team.report.totals.nodeCost).toBe(0);
    expect(team.report.unallocated).toEqual([]);
    expect(team.report.byTeam.map(t => t.team)).toEqual(['team-a']);

    const fleet = await usage.compute({ kind: 'fleet' }, window);
    expect(fleet.report.totals.nodeCost).toBeCloseTo(2 * 24 * 5.672, 9);
    expect(fleet.report.totals.unattributedSpend).toBeCloseTo(48 * 1.418, 9);
    // 4 GPUs, 3 requested: 1 GPU × 24 h free per cluster.
    expect(fleet.report.unallocated.map(u => u.unallocatedHours)).toEqual([
      24, 24,
    ]);
    // Cost centers from the managed namespaces' labels: team-b's has none, scratch is unowned.
    expect(
      fleet.report.byCostCenter.map(r => [r.costCenter, r.allocatedHours]),
    ).toEqual([
      [null, 96],
      ['cc-a', 48],
    ]);
    expect(team.report.byCostCenter.map(r => r.costCenter)).toEqual(['cc-a']);

    const project = await usage.compute(
      { kind: 'project', team: 'team-b', project: 'proj-b' },
      window,
    );
    expect(project.report.totals.allocatedHours).toBe(48);
    // A project label in another team's namespace does not count.
    const foreign = await usage.compute(
      { kind: 'project', team: 'team-a', project: 'proj-b' },
      window,
    );
    expect(foreign.report.totals.allocatedHours).toBe(0);

    const cluster = await usage.compute(
      { kind: 'cluster', cluster: 'c1' },
      window,
    );
    expect(cluster.report.totals.capacityHours).toBe(96);
    expect(cluster.sources).toEqual([
      { cluster: 'c1', source: 'prometheus', status: 'ok' },
    ]);
    expect(await usage.teams()).toEqual(['team-a', 'team-b']);
  });

  it('compares with the previous period and shares one load between concurrent reports', async () => {
    const { usage, source } = service();
    const [a] = await Promise.all([
      usage.compute({ kind: 'fleet' }, window),
      usage.compute({ kind: 'teams', teams: ['team-a'] }, window),
    ]);
    // Two windows (current, previous) × two clusters sharing one source object.
    expect(source.calls).toBe(4);
    expect(a.previousWindow).toMatchObject({
      from: '2026-05-31',
      to: '2026-06-01',
    });
    expect(a.comparison.totals.spend.relative).toBeCloseTo(0, 12);
    expect(a.complete).toBe(true);
    expect(a.sources.find(s => s.cluster === 'c3')).toMatchObject({
      status: 'unconfigured',
    });
  });

  it('loads clusters no more at once than maxConcurrentLoads', async () => {
    const capped = service({ maxConcurrentLoads: 1 });
    await capped.usage.compute({ kind: 'fleet' }, window);
    // Two windows load concurrently; each reads its clusters one at a time.
    expect(capped.loading.most).toBe(2);
    const open = service({ maxConcurrentLoads: 8 });
    await open.usage.compute({ kind: 'fleet' }, window);
    expect(open.loading.most).toBe(4);
  });

  it('keeps many windows loaded: each scope of each window after the first loads nothing', async () => {
    const { usage, source } = service();
    // Eight past days, asked day after day (each with the day before it): 9 windows.
    const days = [...Array(8).keys()].map(d =>
      usageWindow(START + d * DAY, START + (d + 1) * DAY),
    );
    for (const w of days) await usage.compute({ kind: 'fleet' }, w);
    expect(source.calls).toBe(9 * 2);
    for (const w of days) {
      await usage.compute({ kind: 'teams', teams: ['team-a'] }, w);
      await usage.compute({ kind: 'cluster', cluster: 'c2' }, w);
    }
    expect(source.calls).toBe(9 * 2);
  });

  it('keeps no more loaded samples than maxLoadedSeriesMiB, the last window always', async () => {
    // A 31-day window at 5-minute steps: 7 series of 8,928 samples per cluster, 0.95 MiB in all.
    const month = usageWindow(START - 30 * DAY, START + DAY);
    const other = usageWindow(START - 60 * DAY, START - 29 * DAY);
    const { usage, source } = service({ maxLoadedSeriesMiB: 1 });
    await usage.computeWindow({ kind: 'fleet' }, month);
    await usage.computeWindow({ kind: 'teams', teams: ['team-a'] }, month);
    expect(source.calls).toBe(2);
    // A second window pushes the first out; the second stays.
    await usage.computeWindow({ kind: 'fleet' }, other);
    await usage.computeWindow({ kind: 'teams', teams: ['team-b'] }, other);
    expect(source.calls).toBe(4);
    await usage.computeWindow({ kind: 'teams', teams: ['team-b'] }, month);
    expect(source.calls).toBe(6);
  });

  it('computes a report once for identical concurrent requests', async () => {
    const { usage } = service();
    const counted = computeCostReport as jest.Mock;
    counted.mockClear();
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        usage.compute({ kind: 'teams', teams: ['team-a'] }, window),
      ),
    );
    // One computation per window (current, previous), shared by the three requests.
    expect(counted).toHaveBeenCalledTimes(2);
    expect(answers[1].report).toBe(answers[0].report);
    expect(answers[2].report.totals.spend).toBeGreaterThan(0);
  });

  it('reports a failing cluster instead of failing, and does not cache the result', async () => {
    const store = new Map<string, any>();
    const { usage, source } = service({ failing: ['c2'], store });
    const c = await usage.compute({ kind: 'fleet' }, window);
    expect(c.complete).toBe(false);
    expect(c.sources.find(s => s.cluster === 'c2')).toEqual({
      cluster: 'c2',
      source: 'prometheus',
      status: 'error',
      message: 'Prometheus at http://c2/ cannot be reached',
    });
    // The other cluster's figures are all there.
    expect(c.report.totals.allocatedHours).toBe(72);
    expect(store.size).toBe(0);
    // Nor the load: the next request asks every source again (c1 twice more).
    await usage.compute({ kind: 'fleet' }, window);
    expect(source.calls).toBe(4);
  });

  it('labels a source that answered in part as partial, never complete, and does not cache it', async () => {
    const store = new Map<string, any>();
    const { usage } = service({ partial: 'c1', store });
    const c = await usage.compute({ kind: 'fleet' }, window);
    expect(c.complete).toBe(false);
    expect(c.sources.find(s => s.cluster === 'c1')).toEqual({
      cluster: 'c1',
      source: 'prometheus',
      status: 'partial',
      message: 'answered in part: store eu-1 unavailable',
    });
    // Its usage is in the report: it may be short, not missing.
    expect(c.report.totals.allocatedHours).toBe(144);
    expect(store.size).toBe(0);
  });

  it('answers 503 naming every source when none answered', async () => {
    const { usage } = service({ failing: ['c1', 'c2'] });
    const error = await usage.compute({ kind: 'fleet' }, window).catch(e => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toBe(
      'No usage could be read: cluster c1 (prometheus): Prometheus at http://c1/ cannot be reached; cluster c2 (prometheus): Prometheus at http://c2/ cannot be reached',
    );
    // A cluster's own report fails when its source does.
    const one = service({ failing: ['c1'] }).usage;
    await expect(
      one.compute({ kind: 'cluster', cluster: 'c1' }, window),
    ).rejects.toThrow(ServiceUnavailableError);
    expect(
      (await one.compute({ kind: 'cluster', cluster: 'c2' }, window)).complete,
    ).toBe(true);
  });

  it("gives a team's spend this month so far and the linear month-end forecast", async () => {
    const { usage } = service();
    // The clock is 2026-06-11T00:00Z: the month to date is 1–11 June (the stub,
    // unlike real sources, has samples after now, so 11 days of spend), 10 days gone.
    const budget = await usage.budget('team-a', 2000);
    const spend = 11 * 24 * 2 * 1.418;
    expect(budget.month).toBe('2026-06');
    expect(budget.spendToDate).toBeCloseTo(spend, 6);
    expect(budget.forecast).toBeCloseTo(spend * 3, 6);
    expect(budget).toMatchObject({
      monthly: 2000,
      willExceed: true,
      complete: true,
    });
  });

  it('caches reports through the cache service, longer for windows in the past', async () => {
    const store = new Map<string, any>();
    const ttls: number[] = [];
    const usage = new UsageService({
      sources: [{ cluster: 'c1', type: 'sandbox', source: stubSource() }],
      readNamespaces: async () => ({}),
      prices: readPriceBook(mockServices.rootConfig()),
      costs: new InlineCostComputer(),
      clock: { nowMs: () => START + 12 * 3_600_000 },
      cache: mockServices.cache.mock({
        get: async (k: string) => store.get(k),
        set: async (k: string, v: any, o?: any) => {
          store.set(k, v);
          ttls.push(o.ttl);
        },
      }),
      logger: mockServices.logger.mock(),
    });
    await usage.compute({ kind: 'fleet' }, window);
    expect([...store.keys()].sort()).toEqual([
      `usage:v5:fleet:${START - DAY}:${START}:60`,
      `usage:v5:fleet:${START}:${START + DAY}:60`,
    ]);
    // Today's window may still change: kept a minute; yesterday's a quarter of an hour.
    expect(ttls.sort((x, y) => x - y)).toEqual([60_000, 900_000]);
  });

  it('stores reports as JSON text, and parses a stored one once for the warm check and the answer', async () => {
    const store = new Map<string, any>();
    await service({ store }).usage.compute({ kind: 'fleet' }, window);
    expect(store.size).toBe(2);
    for (const text of store.values()) expect(typeof text).toBe('string');
    // Another replica: warm from the cache, answered from it, each period read once.
    const reads: string[] = [];
    const other = service({
      store: Object.assign(new Map(store), {
        get: (k: string) => {
          reads.push(k);
          return store.get(k);
        },
      }),
    });
    expect(await other.usage.isWarm({ kind: 'fleet' }, window)).toBe(true);
    const answer = await other.usage.compute({ kind: 'fleet' }, window);
    expect(reads).toHaveLength(2);
    expect(other.source.calls).toBe(0);
    expect(answer.report).toEqual(
      JSON.parse(store.values().next().value).report,
    );
  });

  it('takes a stored value that is not JSON text for absent', async () => {
    const store = new Map<string, any>();
    await service({ store }).usage.compute({ kind: 'fleet' }, window);
    for (const key of store.keys()) store.set(key, { report: {}, sources: [] });
    const other = service({ store });
    expect(await other.usage.isWarm({ kind: 'fleet' }, window)).toBe(false);
    await other.usage.compute({ kind: 'fleet' }, window);
    expect(other.source.calls).toBeGreaterThan(0);
  });
});
