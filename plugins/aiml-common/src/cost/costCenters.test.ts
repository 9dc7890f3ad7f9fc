import { createPriceBook } from '../pricing';
import { computeCostReport } from './model';
import type { CostFigures, CostModelInput, PodSeries } from './types';

const HOUR_STEPS = 60;
// Half an hour before midnight: each UTC day of the window gets half of every figure.
const T0 = Date.UTC(2026, 6, 1) - 30 * 60_000;
const flat = (v: number) => new Array<number>(HOUR_STEPS).fill(v);

// p4d.24xlarge on-demand: 21.957642 / 8 GPUs = 2.74470525 per GPU-hour;
// g5.xlarge on-demand: 1.006 per GPU-hour (1 GPU).
const A100 = 2.74470525;
const A10G = 1.006;

const pod = (
  namespace: string,
  name: string,
  gpus: number,
  busy: number,
  cluster = 'c1',
): PodSeries => ({
  cluster,
  namespace,
  pod: name,
  node: cluster === 'c1' ? 'n1' : 'n2',
  resource: 'nvidia.com/gpu',
  requested: flat(gpus),
  busy: flat(busy),
});

const input: CostModelInput = {
  startMs: T0,
  stepSeconds: 60,
  steps: HOUR_STEPS,
  nodes: [
    {
      cluster: 'c1',
      node: 'n1',
      instanceType: 'p4d.24xlarge',
      capacityType: 'on-demand',
      resource: 'nvidia.com/gpu',
      acceleratorType: 'nvidia-a100-40gb',
      capacityUnits: flat(8),
    },
    {
      cluster: 'c2',
      node: 'n2',
      instanceType: 'g5.xlarge',
      capacityType: 'on-demand',
      resource: 'nvidia.com/gpu',
      acceleratorType: 'nvidia-a10g',
      capacityUnits: flat(1),
    },
  ],
  pods: [
    pod('ml-research-training', 'p1', 4, 0.5),
    pod('recsys-inference', 'p2', 2, 1),
    pod('legacy-experiments', 'p3', 1, 0),
    pod('ml-platform-inference', 'p4', 1, 0.25),
    pod('ml-research-training', 'p5', 1, 1, 'c2'),
  ],
  namespaceOwners: {
    'c1/ml-research-training': 'ml-research',
    'c1/recsys-inference': 'recsys',
    'c1/ml-platform-inference': 'ml-platform',
    'c2/ml-research-training': 'ml-research',
  },
  namespaceLabels: {
    'c1/ml-research-training': {
      costCenter: 'cc-100',
      workloadType: 'training',
    },
    // A managed namespace of a team without a cost center.
    'c1/recsys-inference': { costCenter: '', workloadType: 'inference' },
    'c1/ml-platform-inference': {
      costCenter: 'cc-100',
      workloadType: 'inference',
    },
    'c2/ml-research-training': {
      costCenter: 'cc-100',
      workloadType: 'training',
    },
    // Labels of a namespace the product does not manage (no owner) are not trusted.
    'c1/legacy-experiments': { costCenter: 'cc-999', workloadType: 'training' },
  },
  priceBook: createPriceBook(),
};

const sum = (rows: CostFigures[], key: 'spend' | 'allocatedHours') =>
  rows.reduce((s, r) => s + r[key], 0);

describe('breakdowns by cost center and workload type', () => {
  const report = computeCostReport(input);

  it('groups usage by the cost-center label of managed namespaces, the rest as null', () => {
    // cc-100: p1 4 h at 0.5 busy, p4 1 h at 0.25 busy (A100), p5 1 h fully busy (A10G).
    // null: p2 (no label) 2 h fully busy, p3 (not managed) 1 h idle.
    expect(
      report.byCostCenter.map(r => ({
        costCenter: r.costCenter,
        allocatedHours: r.allocatedHours,
        busyHours: r.busyHours,
      })),
    ).toEqual([
      { costCenter: 'cc-100', allocatedHours: 6, busyHours: 3.25 },
      { costCenter: null, allocatedHours: 3, busyHours: 2 },
    ]);
    const [cc100, unlabelled] = report.byCostCenter;
    expect(cc100.spend).toBeCloseTo(5 * A100 + A10G, 9);
    expect(cc100.idleSpend).toBeCloseTo(2 * A100 + 0.75 * A100, 9);
    expect(cc100.efficiency).toBeCloseTo(3.25 / 6, 12);
    expect(unlabelled.spend).toBeCloseTo(3 * A100, 9);
    expect(unlabelled.idleSpend).toBeCloseTo(A100, 9);
  });

  it('groups usage by the workload-type label', () => {
    const rows = Object.fromEntries(
      report.byWorkloadType.map(r => [String(r.workloadType), r]),
    );
    expect(Object.keys(rows).sort()).toEqual(['inference', 'null', 'training']);
    expect(rows.training.allocatedHours).toBeCloseTo(5, 12);
    expect(rows.training.spend).toBeCloseTo(4 * A100 + A10G, 9);
    expect(rows.inference.allocatedHours).toBeCloseTo(3, 12);
    expect(rows.inference.spend).toBeCloseTo(3 * A100, 9);
    expect(rows.inference.idleSpend).toBeCloseTo(0.75 * A100, 9);
    // The unmanaged namespace's workload-type label is ignored too.
    expect(rows.null.spend).toBeCloseTo(A100, 9);
  });

  it('keeps the identity: cost centers and workload types sum to teams plus unattributed', () => {
    const teams = sum(report.byTeam, 'spend') + report.totals.unattributedSpend;
    expect(report.totals.unattributedSpend).toBeCloseTo(A100, 9);
    expect(sum(report.byCostCenter, 'spend')).toBeCloseTo(teams, 9);
    expect(sum(report.byWorkloadType, 'spend')).toBeCloseTo(teams, 9);
    expect(sum(report.chargeback, 'spend')).toBeCloseTo(teams, 9);
    expect(teams).toBeCloseTo(report.totals.spend, 9);
    expect(sum(report.byCostCenter, 'allocatedHours')).toBeCloseTo(
      report.totals.allocatedHours,
      12,
    );
  });

  it('gives the chargeback one line per cost center, cluster and accelerator type', () => {
    expect(
      report.chargeback.map(r => ({
        costCenter: r.costCenter,
        cluster: r.cluster,
        acceleratorType: r.acceleratorType,
        allocatedHours: r.allocatedHours,
      })),
    ).toEqual([
      {
        costCenter: 'cc-100',
        cluster: 'c1',
        acceleratorType: 'nvidia-a100-40gb',
        allocatedHours: 5,
      },
      {
        costCenter: null,
        cluster: 'c1',
        acceleratorType: 'nvidia-a100-40gb',
        allocatedHours: 3,
      },
      {
        costCenter: 'cc-100',
        cluster: 'c2',
        acceleratorType: 'nvidia-a10g',
        allocatedHours: 1,
      },
    ]);
    expect(report.chargeback[0].spend).toBeCloseTo(5 * A100, 9);
    expect(report.chargeback[2].spend).toBeCloseTo(A10G, 9);
    expect(report.chargeback[2].idleSpend).toBe(0);
  });

  it('gives each cost center and workload type a daily series', () => {
    expect(report.daily.byCostCenter.map(s => s.costCenter)).toEqual([
      null,
      'cc-100',
    ]);
    const cc100 = report.daily.byCostCenter[1].days;
    expect(cc100.map(d => d.date)).toEqual(['2026-06-30', '2026-07-01']);
    for (const d of cc100) {
      expect(d.allocatedHours).toBeCloseTo(3, 12);
      expect(d.spend).toBeCloseTo((5 * A100 + A10G) / 2, 9);
    }
    expect(report.daily.byWorkloadType.map(s => s.workloadType)).toEqual([
      null,
      'inference',
      'training',
    ]);
  });

  it('leaves everything unlabelled without namespace labels', () => {
    const bare = computeCostReport({ ...input, namespaceLabels: undefined });
    expect(bare.byCostCenter).toHaveLength(1);
    expect(bare.byCostCenter[0].costCenter).toBeNull();
    expect(bare.byCostCenter[0].spend).toBeCloseTo(bare.totals.spend, 9);
    expect(bare.byWorkloadType.map(r => r.workloadType)).toEqual([null]);
  });
});
