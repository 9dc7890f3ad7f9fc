import { createPriceBook } from '../pricing';
import { computeCostReport } from './model';
import type { CostModelInput, NodeSeries, PodSeries } from './types';

const book = createPriceBook();
const T0 = Date.UTC(2026, 6, 1); // 2026-07-01T00:00:00Z
const HOUR = 3_600_000;

/** Concatenates runs of [count, value]. */
const runs = (...parts: Array<[number, number]>) =>
  parts.flatMap(([n, v]) => new Array<number>(n).fill(v));

const node = (over: Partial<NodeSeries> = {}): NodeSeries => ({
  cluster: 'c1',
  node: 'n1',
  instanceType: 'p4d.24xlarge',
  capacityType: 'on-demand',
  resource: 'nvidia.com/gpu',
  acceleratorType: 'nvidia-a100-40gb',
  capacityUnits: runs([60, 8]),
  ...over,
});

const pod = (over: Partial<PodSeries> = {}): PodSeries => ({
  cluster: 'c1',
  namespace: 'ml-research-training',
  pod: 'p1',
  node: 'n1',
  resource: 'nvidia.com/gpu',
  requested: runs([60, 8]),
  busy: runs([60, 0.5]),
  ...over,
});

const input = (over: Partial<CostModelInput> = {}): CostModelInput => ({
  startMs: T0,
  stepSeconds: 60,
  steps: 60,
  nodes: [node()],
  pods: [pod()],
  namespaceOwners: {
    'c1/ml-research-training': 'ml-research',
    'c1/recsys-inference': 'recsys',
  },
  priceBook: book,
  ...over,
});

const g5 = (over: Partial<NodeSeries> = {}) =>
  node({
    instanceType: 'g5.xlarge',
    acceleratorType: 'nvidia-a10g',
    capacityUnits: runs([60, 1]),
    ...over,
  });

function expectNoNaN(value: unknown, path = 'report'): void {
  if (typeof value === 'number') {
    expect(`${path}=${Number.isFinite(value)}`).toBe(`${path}=true`);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) expectNoNaN(v, `${path}.${k}`);
  }
}

describe('computeCostReport', () => {
  it('prices spot at the spot rate and on-demand at the on-demand rate', () => {
    const spot = computeCostReport(
      input({ nodes: [node({ capacityType: 'spot' })] }),
    );
    // p4d.24xlarge spot: 21.957642 × 0.4 / 8 = 1.0978821 per GPU-hour;
    // 8 GPUs × 60 one-minute steps = 8 GPU-hours → 8 × 1.0978821 = 8.7830568
    expect(spot.totals.allocatedHours).toBeCloseTo(8, 12);
    expect(spot.totals.spend).toBeCloseTo(8.7830568, 9);
    // busy 0.5 → 4 busy hours; idle 4 × 1.0978821 = 4.3915284
    expect(spot.totals.busyHours).toBeCloseTo(4, 12);
    expect(spot.totals.idleSpend).toBeCloseTo(4.3915284, 9);
    expect(spot.totals.efficiency).toBeCloseTo(0.5, 12);
    expect(spot.totals.nodeCost).toBeCloseTo(8.7830568, 9);
    expect(spot.totals.unallocatedCost).toBeCloseTo(0, 12);
    expect(spot.byCapacityType).toHaveLength(1);
    expect(spot.byCapacityType[0].capacityType).toBe('spot');
    expect(spot.currency).toBe('USD');

    const onDemand = computeCostReport(input());
    // 21.957642 / 8 = 2.74470525 per GPU-hour × 8 GPU-hours = 21.957642
    expect(onDemand.totals.spend).toBeCloseTo(21.957642, 9);
    // 4 idle hours × 2.74470525 = 10.978821
    expect(onDemand.totals.idleSpend).toBeCloseTo(10.978821, 9);
    expect(onDemand.byCapacityType[0].capacityType).toBe('on-demand');
  });

  it('integrates partial hours and excludes steps where the pod was Pending', () => {
    const report = computeCostReport(
      input({
        steps: 120,
        nodes: [g5({ capacityUnits: runs([120, 1]) })],
        pods: [
          pod({
            // Pending for 30 steps (requested already 0, utilization noise ignored), then Running 90
            requested: runs([30, 0], [90, 1]),
            busy: runs([30, 0.9], [90, 0.8]),
          }),
        ],
      }),
    );
    // 90 one-minute steps × 1 GPU = 1.5 GPU-hours; g5.xlarge 1.006 per GPU-hour → 1.509
    expect(report.totals.allocatedHours).toBeCloseTo(1.5, 12);
    // busy 1.5 × 0.8 = 1.2; idle (1.5 − 1.2) × 1.006 = 0.3018
    expect(report.totals.busyHours).toBeCloseTo(1.2, 12);
    expect(report.totals.spend).toBeCloseTo(1.509, 9);
    expect(report.totals.idleSpend).toBeCloseTo(0.3018, 9);
    expect(report.totals.efficiency).toBeCloseTo(0.8, 12);
    // node: 120 steps × 1 GPU = 2 GPU-hours × 1.006 = 2.012; unallocated 0.5 h × 1.006 = 0.503
    expect(report.totals.capacityHours).toBeCloseTo(2, 12);
    expect(report.totals.nodeCost).toBeCloseTo(2.012, 9);
    expect(report.totals.unallocatedHours).toBeCloseTo(0.5, 12);
    expect(report.totals.unallocatedCost).toBeCloseTo(0.503, 9);
  });

  it('counts Neuron in NeuronCores at the per-core rate', () => {
    const report = computeCostReport(
      input({
        nodes: [
          node({
            instanceType: 'inf2.xlarge',
            resource: 'aws.amazon.com/neuroncore',
            acceleratorType: 'aws-inferentia2',
            capacityUnits: runs([60, 2]),
          }),
        ],
        pods: [
          pod({
            resource: 'aws.amazon.com/neuroncore',
            requested: runs([60, 1]),
            busy: runs([60, 0.25]),
          }),
        ],
      }),
    );
    // inf2.xlarge 0.7582 / 2 cores = 0.3791 per core-hour; 1 core × 1 h = 0.3791
    expect(report.totals.allocatedHours).toBeCloseTo(1, 12);
    expect(report.totals.spend).toBeCloseTo(0.3791, 9);
    // idle (1 − 0.25) × 0.3791 = 0.284325
    expect(report.totals.idleSpend).toBeCloseTo(0.284325, 9);
    // 2 cores × 1 h = 0.7582; 1 core-hour unallocated = 0.3791
    expect(report.totals.nodeCost).toBeCloseTo(0.7582, 9);
    expect(report.totals.unallocatedCost).toBeCloseTo(0.3791, 9);
    expect(report.byAcceleratorType).toEqual([
      expect.objectContaining({
        resource: 'aws.amazon.com/neuroncore',
        acceleratorType: 'aws-inferentia2',
      }),
    ]);
  });

  it('spreads the instance price over the units a MIG node exposes', () => {
    const report = computeCostReport(
      input({
        nodes: [node({ capacityUnits: runs([60, 56]) })],
        pods: [pod({ requested: runs([60, 7]) })],
      }),
    );
    // p4d.24xlarge with 7 MIG slices per GPU exposes 56 units: 21.957642 / 56 per unit-hour
    // 7 unit-hours × 21.957642 / 56 = 2.74470525 (one GPU's worth)
    expect(report.totals.allocatedHours).toBeCloseTo(7, 12);
    expect(report.totals.spend).toBeCloseTo(2.74470525, 9);
    // the node still costs the instance: 21.957642; 49 of 56 units idle → 19.21293675
    expect(report.totals.nodeCost).toBeCloseTo(21.957642, 9);
    expect(report.totals.unallocatedCost).toBeCloseTo(19.21293675, 9);
  });

  it('reports efficiency as null, not NaN, when nothing was allocated', () => {
    const report = computeCostReport(
      input({ nodes: [g5()], pods: [pod({ requested: runs([60, 0]) })] }),
    );
    expect(report.totals.allocatedHours).toBe(0);
    expect(report.totals.efficiency).toBeNull();
    expect(report.byTeam[0].efficiency).toBeNull();
    expect(report.daily.overall[0].efficiency).toBeNull();
    expect(report.unallocated[0].utilization).toBe(0);
    // idle g5.xlarge for 1 h: 1.006, all unallocated
    expect(report.totals.nodeCost).toBeCloseTo(1.006, 9);
    expect(report.totals.unallocatedCost).toBeCloseTo(1.006, 9);
    const emptyWindow = computeCostReport(input({ steps: 0 }));
    expect(emptyWindow.totals.efficiency).toBeNull();
    expect(emptyWindow.daily.overall).toEqual([]);
    expectNoNaN(report);
    expectNoNaN(emptyWindow);
  });

  it('lists nodes it cannot price as unpriced, never as zero cost or on-demand', () => {
    const report = computeCostReport(
      input({
        nodes: [
          node({ capacityType: undefined }),
          node({
            node: 'n2',
            instanceType: 'm6i.xlarge',
            capacityUnits: runs([60, 1]),
          }),
        ],
        pods: [
          pod(),
          pod({ pod: 'p2', node: 'n2', requested: runs([60, 1]) }),
          pod({ pod: 'p3', node: 'gone', requested: runs([30, 1], [30, 0]) }),
        ],
      }),
    );
    expect(report.totals.spend).toBe(0);
    expect(report.totals.nodeCost).toBe(0);
    // 8 (n1) + 1 (n2) + 0.5 (p3: 30 steps) = 9.5 allocated hours, all unpriced
    expect(report.totals.allocatedHours).toBeCloseTo(9.5, 12);
    expect(report.totals.unpricedAllocatedHours).toBeCloseTo(9.5, 12);
    // capacity 8 + 1 = 9 hours, all unpriced
    expect(report.totals.unpricedCapacityHours).toBeCloseTo(9, 12);
    expect(
      report.unpriced.map(u => [u.node, u.reason, u.allocatedHours]),
    ).toEqual([
      ['n1', 'unknown-capacity-type', 8],
      ['n2', 'no-price', 1],
      ['gone', 'unknown-node', 0.5],
    ]);
    expect(report.unpriced[0]).toMatchObject({
      cluster: 'c1',
      instanceType: 'p4d.24xlarge',
      capacityType: null,
      capacityHours: 8,
      pods: 1,
    });
    expect(report.warnings.map(w => w.code)).toEqual(['unknown-node']);
    expect(report.byTeam[0]).toMatchObject({
      team: 'ml-research',
      spend: 0,
      unpricedAllocatedHours: 9.5,
    });
  });

  it('keeps the totals identity across teams, unattributed usage and unallocated capacity', () => {
    const report = computeCostReport(
      input({
        nodes: [
          node({ capacityType: 'spot' }),
          node({
            node: 'n2',
            instanceType: 'g5.12xlarge',
            acceleratorType: 'nvidia-a10g',
            capacityUnits: runs([60, 4]),
          }),
        ],
        pods: [
          pod({
            project: 'llm-finetune',
            workload: { kind: 'RayJob', name: 'llm-finetune' },
            requested: runs([60, 4]),
          }),
          pod({
            namespace: 'recsys-inference',
            pod: 'r1',
            workload: { kind: 'Deployment', name: 'ranker' },
            node: 'n2',
            requested: runs([30, 2], [30, 0]),
            busy: runs([60, 1]),
          }),
          pod({
            namespace: 'scratch',
            pod: 's1',
            requested: runs([60, 2]),
            busy: runs([60, 0]),
          }),
        ],
      }),
    );
    // ml-research: 4 GPU-h on p4d spot × 1.0978821 = 4.3915284
    // recsys: 2 GPUs × 0.5 h = 1 GPU-h on g5.12xlarge × 5.672/4 (1.418) = 1.418
    // unattributed (scratch): 2 GPU-h × 1.0978821 = 2.1957642
    expect(report.byTeam.map(t => [t.team, t.allocatedHours])).toEqual([
      ['ml-research', 4],
      ['recsys', 1],
    ]);
    expect(report.byTeam[0].spend).toBeCloseTo(4.3915284, 9);
    expect(report.byTeam[1].spend).toBeCloseTo(1.418, 9);
    expect(report.totals.unattributedSpend).toBeCloseTo(2.1957642, 9);
    expect(report.unattributed).toEqual([
      expect.objectContaining({
        cluster: 'c1',
        namespace: 'scratch',
        allocatedHours: 2,
      }),
    ]);
    // unallocated: p4d (8 − 6) h × 1.0978821 = 2.1957642; g5.12xlarge (4 − 1) h × 1.418 = 4.254
    expect(report.totals.unallocatedCost).toBeCloseTo(6.4497642, 9);
    // node cost: 8.7830568 + 5.672 = 14.4550568
    expect(report.totals.nodeCost).toBeCloseTo(14.4550568, 9);
    // 4.3915284 + 1.418 + 2.1957642 + 6.4497642 = 14.4550568
    const teamSpend = report.byTeam.reduce((s, t) => s + t.spend, 0);
    expect(
      teamSpend +
        report.totals.unattributedSpend +
        report.totals.unallocatedCost,
    ).toBeCloseTo(report.totals.nodeCost, 9);
    expect(report.totals.spend).toBeCloseTo(8.0052926, 9);
    expect(
      report.byProject.map(p => [p.team, p.project, p.allocatedHours]),
    ).toEqual([
      ['ml-research', 'llm-finetune', 4],
      ['recsys', null, 1],
    ]);
    // every pod's usage lands on its owner; pods without one stand for themselves
    expect(
      report.byWorkload.map(w => [
        w.team,
        w.namespace,
        w.kind,
        w.workload,
        w.allocatedHours,
      ]),
    ).toEqual([
      ['ml-research', 'ml-research-training', 'RayJob', 'llm-finetune', 4],
      [null, 'scratch', null, 's1', 2],
      ['recsys', 'recsys-inference', 'Deployment', 'ranker', 1],
    ]);
    // per cluster and accelerator type; utilization = busy / capacity:
    // a100: busy 4 × 0.5 + 2 × 0 = 2 of 8 → 0.25; a10g: busy 1 of 4 → 0.25
    expect(
      report.unallocated.map(u => [
        u.acceleratorType,
        u.capacityHours,
        u.allocatedHours,
        u.unallocatedHours,
        u.utilization,
      ]),
    ).toEqual([
      ['nvidia-a10g', 4, 1, 3, 0.25],
      ['nvidia-a100-40gb', 8, 6, 2, 0.25],
    ]);
    expect(report.byCluster).toEqual([
      expect.objectContaining({ cluster: 'c1', allocatedHours: 7 }),
    ]);
    expect(report.byInstanceType.map(r => r.instanceType)).toEqual([
      'p4d.24xlarge',
      'g5.12xlarge',
    ]);
    expect(report.warnings).toEqual([]);
  });

  it('splits daily figures at UTC midnight, with a partial first day', () => {
    const report = computeCostReport(
      input({
        startMs: T0 + 23 * HOUR, // 2026-07-01T23:00Z
        steps: 120,
        nodes: [g5({ capacityUnits: runs([120, 1]) })],
        pods: [pod({ requested: runs([120, 1]), busy: runs([120, 0.5]) })],
      }),
    );
    // 60 steps before midnight, 60 after: 1 GPU-hour × 1.006 each day
    const days = report.daily.overall;
    expect(days.map(d => [d.date, d.startMs, d.endMs])).toEqual([
      ['2026-07-01', T0 + 23 * HOUR, T0 + 24 * HOUR],
      ['2026-07-02', T0 + 24 * HOUR, T0 + 25 * HOUR],
    ]);
    expect(days[0].allocatedHours).toBeCloseTo(1, 12);
    expect(days[0].spend).toBeCloseTo(1.006, 9);
    expect(days[1].spend).toBeCloseTo(1.006, 9);
    expect(days[1].nodeCost).toBeCloseTo(1.006, 9);
    expect(report.daily.byTeam).toHaveLength(1);
    expect(report.daily.byTeam[0].team).toBe('ml-research');
    // busy 0.5 → 0.5 h idle × 1.006 = 0.503 per day
    expect(report.daily.byTeam[0].days[1].idleSpend).toBeCloseTo(0.503, 9);
    expect(report.daily.byAcceleratorType).toEqual([
      expect.objectContaining({
        resource: 'nvidia.com/gpu',
        acceleratorType: 'nvidia-a10g',
      }),
    ]);
    const typeDays = report.daily.byAcceleratorType[0].days;
    expect(typeDays.map(d => d.date)).toEqual(['2026-07-01', '2026-07-02']);
    expect(typeDays[1].spend).toBeCloseTo(1.006, 9);
  });

  it('splits a step that straddles midnight by its share of each day', () => {
    const report = computeCostReport(
      input({
        startMs: T0 + 23.5 * HOUR, // 23:30Z, two one-hour steps
        stepSeconds: 3600,
        steps: 2,
        nodes: [g5({ capacityUnits: [1, 1] })],
        pods: [pod({ requested: [1, 1], busy: [1, 1] })],
      }),
    );
    // step 0 [23:30, 00:30): 0.5 h on Jul 1, 0.5 h on Jul 2; step 1 [00:30, 01:30): Jul 2
    // → 0.5 h (0.503) and 1.5 h (1.509)
    const days = report.daily.overall;
    expect(days.map(d => d.date)).toEqual(['2026-07-01', '2026-07-02']);
    expect(days[0].allocatedHours).toBeCloseTo(0.5, 12);
    expect(days[0].spend).toBeCloseTo(0.503, 9);
    expect(days[1].allocatedHours).toBeCloseTo(1.5, 12);
    expect(days[1].spend).toBeCloseTo(1.509, 9);
    expect(report.totals.allocatedHours).toBeCloseTo(2, 12);
  });

  it('clamps requests beyond capacity and warns about overcommit', () => {
    const report = computeCostReport(
      input({
        nodes: [
          node({
            instanceType: 'g5.12xlarge',
            acceleratorType: 'nvidia-a10g',
            capacityUnits: runs([60, 4]),
          }),
        ],
        pods: [
          pod({ requested: runs([60, 3]) }),
          pod({
            namespace: 'recsys-inference',
            pod: 'r1',
            requested: runs([60, 3]),
          }),
        ],
      }),
    );
    // 3 + 3 = 6 requested on 4 GPUs: each pod scaled to 2 GPUs → 2 GPU-h × 1.418 = 2.836
    expect(report.byTeam.map(t => t.allocatedHours)).toEqual([2, 2]);
    expect(report.byTeam[0].spend).toBeCloseTo(2.836, 9);
    expect(report.byTeam[1].spend).toBeCloseTo(2.836, 9);
    expect(report.totals.unallocatedHours).toBe(0);
    expect(report.totals.unallocatedCost).toBe(0);
    // 4 GPUs × 1.418 = 5.672 = 2.836 + 2.836
    expect(report.totals.nodeCost).toBeCloseTo(5.672, 9);
    expect(report.warnings).toEqual([
      expect.objectContaining({
        code: 'overcommitted',
        cluster: 'c1',
        node: 'n1',
        steps: 60,
        hours: 2, // (6 − 4) GPUs × 1 h
      }),
    ]);
  });

  it('warns about duplicate nodes, short series and invalid samples', () => {
    const report = computeCostReport(
      input({
        nodes: [g5(), g5()],
        pods: [
          pod({
            requested: runs([30, 1]),
            busy: runs([10, NaN], [20, 0.5]),
          }),
        ],
      }),
    );
    expect(report.warnings.map(w => w.code)).toEqual([
      'duplicate-node',
      'series-length',
      'series-length',
      'invalid-sample',
    ]);
    expect(report.warnings[3]).toMatchObject({ pod: 'p1', steps: 10 });
    // 30 steps × 1 GPU = 0.5 h; busy: 10 steps at 0 (invalid), 20 at 0.5 → 20/60 × 0.5 = 1/6 h
    expect(report.totals.allocatedHours).toBeCloseTo(0.5, 12);
    expect(report.totals.busyHours).toBeCloseTo(1 / 6, 12);
  });

  it('rejects a window it cannot sample', () => {
    expect(() => computeCostReport(input({ stepSeconds: 0 }))).toThrow(
      RangeError,
    );
    expect(() => computeCostReport(input({ steps: 1.5 }))).toThrow(RangeError);
  });
});
