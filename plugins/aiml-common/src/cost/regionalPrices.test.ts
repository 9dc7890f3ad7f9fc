import { createPriceBook, PriceBookOptions } from '../pricing';
import { computeCostReport } from './model';
import type { CostModelInput, NodeSeries, PodSeries } from './types';

// Prices that depend on region, zone, time and config, through the whole cost model
// (docs/pricing.md). Every expected figure is computed by hand in the comments.

const T0 = Date.UTC(2026, 5, 1); // 2026-06-01T00:00:00Z
const HOUR = 3_600_000;
const STEPS = 6; // six one-hour steps

const fill = (v: number) => new Array<number>(STEPS).fill(v);

const node = (over: Partial<NodeSeries>): NodeSeries => ({
  cluster: 'west',
  node: 'n1',
  instanceType: 'p5.48xlarge',
  capacityType: 'on-demand',
  resource: 'nvidia.com/gpu',
  acceleratorType: 'nvidia-h100',
  capacityUnits: fill(8),
  ...over,
});

const pod = (over: Partial<PodSeries> = {}): PodSeries => ({
  cluster: 'west',
  namespace: 'team-a-training',
  pod: 'p1',
  node: 'n1',
  resource: 'nvidia.com/gpu',
  requested: fill(8),
  busy: fill(0.5),
  ...over,
});

const CLUSTERS: PriceBookOptions['clusters'] = [
  { name: 'east', region: 'us-east-1', accountId: '111111111111' },
  { name: 'west', region: 'us-west-2', accountId: '222222222222' },
];

const AWS: PriceBookOptions['aws'] = {
  onDemand: [
    { region: 'us-east-1', instanceType: 'p5.48xlarge', hourly: 55.04 },
    { region: 'us-west-2', instanceType: 'p5.48xlarge', hourly: 57.2416 },
  ],
  spot: [
    {
      accountId: '111111111111',
      zone: 'us-east-1b',
      instanceType: 'g5.48xlarge',
      records: [
        { fromMs: T0 - 2 * HOUR, hourly: 6.108 },
        { fromMs: T0 + 3.5 * HOUR, hourly: 4.8864 },
      ],
    },
    {
      accountId: '111111111111',
      zone: 'us-east-1c',
      instanceType: 'g5.48xlarge',
      records: [{ fromMs: T0 + 1.5 * HOUR, hourly: 6.108 }],
    },
  ],
};

const report = (
  nodes: NodeSeries[],
  options: PriceBookOptions,
  pods: PodSeries[] = [pod({ cluster: nodes[0].cluster })],
) => {
  const input: CostModelInput = {
    startMs: T0,
    stepSeconds: 3600,
    steps: STEPS,
    nodes,
    pods,
    namespaceOwners: {
      'west/team-a-training': 'team-a',
      'east/team-a-training': 'team-a',
    },
    priceBook: createPriceBook({ clusters: CLUSTERS, ...options }),
  };
  return computeCostReport(input);
};

const g5Spot = (zone: string) =>
  node({
    cluster: 'east',
    instanceType: 'g5.48xlarge',
    acceleratorType: 'nvidia-a10g',
    capacityType: 'spot',
    zone,
  });

describe('prices by region, zone and time', () => {
  it("prices a us-west-2 node by us-west-2's list price", () => {
    const r = report([node({ zone: 'us-west-2c' })], { aws: AWS });
    // 6 h × 57.2416 (the whole instance allocated) = 343.4496; half idle 171.7248
    expect(r.totals.spend).toBeCloseTo(343.4496, 9);
    expect(r.totals.idleSpend).toBeCloseTo(171.7248, 9);
    expect(r.byTeam[0].priceSources).toEqual([
      { source: 'list', allocatedHours: 48, spend: expect.any(Number) },
    ]);
    expect(r.byTeam[0].priceSources[0].spend).toBeCloseTo(343.4496, 9);
    // The same node in us-east-1: 6 × 55.04 = 330.24
    const east = report([node({ cluster: 'east' })], { aws: AWS });
    expect(east.totals.spend).toBeCloseTo(330.24, 9);
  });

  it("prices spot by its zone's history, on each side of a change inside a step", () => {
    const r = report([g5Spot('us-east-1b')], { aws: AWS });
    // 6.108 until 03:30, 4.8864 after: 3.5 × 6.108 + 2.5 × 4.8864 = 21.378 + 12.216 = 33.594
    expect(r.totals.spend).toBeCloseTo(33.594, 9);
    expect(r.totals.nodeCost).toBeCloseTo(33.594, 9);
    // busy 0.5: idle is half
    expect(r.totals.idleSpend).toBeCloseTo(16.797, 9);
    expect(r.byCapacityType[0].priceSources).toHaveLength(1);
    expect(r.byCapacityType[0].priceSources[0]).toMatchObject({
      source: 'spot-history',
      allocatedHours: 48,
    });
  });

  it('prices spot before its zone’s first stored record by the fallback, labelled', () => {
    const r = report([g5Spot('us-east-1c')], { aws: AWS });
    // 00:00–01:30 fallback 16.288 × 0.4 = 6.5152: 1.5 × 6.5152 = 9.7728
    // 01:30–06:00 history 6.108: 4.5 × 6.108 = 27.486; total 37.2588
    expect(r.totals.spend).toBeCloseTo(37.2588, 9);
    const [history, fallback] = r.byTeam[0].priceSources;
    expect(history.source).toBe('spot-history');
    expect(history.allocatedHours).toBeCloseTo(36, 9); // 4.5 h × 8 GPUs
    expect(history.spend).toBeCloseTo(27.486, 9);
    expect(fallback.source).toBe('fallback');
    expect(fallback.allocatedHours).toBeCloseTo(12, 9);
    expect(fallback.spend).toBeCloseTo(9.7728, 9);
  });

  it('falls back to the built-in table without AWS prices, labelled fallback', () => {
    const r = report([node({}), g5Spot('us-east-1b')], {}, [
      pod(),
      pod({ cluster: 'east', pod: 'p2' }),
    ]);
    // on demand p5.48xlarge 6 × 55.04 = 330.24; spot g5.48xlarge 6 × 6.5152 = 39.0912
    expect(r.totals.spend).toBeCloseTo(369.3312, 9);
    expect(r.totals.priceSources).toEqual([
      { source: 'fallback', allocatedHours: 96, spend: expect.any(Number) },
    ]);
    expect(r.daily.overall[0].priceSources[0].spend).toBeCloseTo(369.3312, 9);
  });

  it('applies overrides, then commitments (on-demand only), before idle is computed', () => {
    const options: PriceBookOptions = {
      aws: AWS,
      overrides: [{ instanceType: 'p5.48xlarge', onDemand: 40 }],
      commitments: [
        { name: 'sp', instanceFamily: 'p5', discountPercent: 25 },
        { accountId: '111111111111', hourlyRate: 5 },
      ],
    };
    // west p5.48xlarge: override 40, then 25 % off → 30 a hour; 6 h = 180, idle 90
    const west = report([node({})], options);
    expect(west.totals.spend).toBeCloseTo(180, 9);
    expect(west.totals.idleSpend).toBeCloseTo(90, 9);
    expect(west.byTeam[0].priceSources.map(s => s.source)).toEqual([
      'commitment',
    ]);
    // An override alone is labelled override: 6 × 40 = 240
    const overridden = report([node({})], { ...options, commitments: [] });
    expect(overridden.totals.spend).toBeCloseTo(240, 9);
    expect(overridden.totals.priceSources[0].source).toBe('override');
    // Spot is never covered by a commitment: the east account's rate of 5 leaves it at 33.594
    const spot = report([g5Spot('us-east-1b')], options);
    expect(spot.totals.spend).toBeCloseTo(33.594, 9);
    expect(spot.totals.priceSources[0].source).toBe('spot-history');
    // On demand in the east account (g5.48xlarge, family g5): its rate 5 → 6 × 5 = 30
    const east = report(
      [{ ...g5Spot('us-east-1b'), capacityType: 'on-demand' }],
      options,
    );
    expect(east.totals.spend).toBeCloseTo(30, 9);
  });

  it('keeps team spend + unallocated = node cost when the price changes', () => {
    const r = report([g5Spot('us-east-1b')], { aws: AWS }, [
      pod({ cluster: 'east', requested: [8, 8, 4, 4, 0, 0] }),
    ]);
    // node: 33.594 (as above); pod: hours 0–2 at 6.108 + hours 2–3 half (6.108/2)
    // + hour 3–4 half: 0.5 h at 6.108 and 0.5 h at 4.8864 → (3.054 + 2.4432)/2
    // = 12.216 + 3.054 + 2.7486 = 18.0186
    expect(r.totals.spend).toBeCloseTo(18.0186, 9);
    expect(r.totals.spend + r.totals.unallocatedCost).toBeCloseTo(
      r.totals.nodeCost,
      9,
    );
    expect(r.totals.nodeCost).toBeCloseTo(33.594, 9);
  });
});
