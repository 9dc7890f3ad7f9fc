import type {
  AcceleratorResource,
  CostDay,
  CostFigures,
  CostReport,
  TeamCostDay,
} from '@eks-aiml/plugin-aiml-common';
import type { AimlBudget, AimlTeamChange, AimlUsage } from '../api';

const DAY_MS = 86_400_000;

/** Figures with efficiency computed from the hours. */
export function figures(
  allocatedHours: number,
  busyHours: number,
  rate: number,
): CostFigures {
  return {
    allocatedHours,
    busyHours,
    spend: allocatedHours * rate,
    idleSpend: (allocatedHours - busyHours) * rate,
    efficiency: allocatedHours ? busyHours / allocatedHours : null,
    unpricedAllocatedHours: 0,
    priceSources: [
      { source: 'fallback', allocatedHours, spend: allocatedHours * rate },
    ],
  };
}

const sum = (rows: CostFigures[]): CostFigures => {
  const allocatedHours = rows.reduce((s, r) => s + r.allocatedHours, 0);
  const busyHours = rows.reduce((s, r) => s + r.busyHours, 0);
  return {
    allocatedHours,
    busyHours,
    spend: rows.reduce((s, r) => s + r.spend, 0),
    idleSpend: rows.reduce((s, r) => s + r.idleSpend, 0),
    efficiency: allocatedHours ? busyHours / allocatedHours : null,
    unpricedAllocatedHours: 0,
    priceSources: [
      {
        source: 'fallback',
        allocatedHours,
        spend: rows.reduce((s, r) => s + r.spend, 0),
      },
    ],
  };
};

/**
 * A 7-day report: ml-research (A100, 1000 h, 80% busy at $2.74/h), recsys (A10G,
 * 1344 h, 35% busy at $0.70/h), ml-platform (Inferentia2 NeuronCores, 500 h, 50% busy).
 * By spend: ml-research, recsys, ml-platform; by idle spend: recsys, ml-research, ml-platform.
 */
export function sampleReport(
  options: { startMs?: number; days?: number } = {},
) {
  const days = options.days ?? 7;
  const startMs = options.startMs ?? Date.parse('2026-07-01T00:00:00Z');
  const endMs = startMs + days * DAY_MS;
  const teams = {
    'ml-research': figures(1000, 800, 2.7447),
    recsys: figures(1344, 470.4, 0.7),
    'ml-platform': figures(500, 250, 0.3791),
  };
  const byTeam = Object.entries(teams).map(([team, f]) => ({ team, ...f }));
  const attributed = sum(Object.values(teams));
  const unattributed = figures(10, 2, 2.7447);
  const spendAll = sum([attributed, unattributed]);
  const capacityHours = 4000;
  const nodeCost = spendAll.spend + 500;
  const day = (i: number) => ({
    date: new Date(startMs + i * DAY_MS).toISOString().slice(0, 10),
    startMs: startMs + i * DAY_MS,
    endMs: startMs + (i + 1) * DAY_MS,
  });
  const share = (f: CostFigures, i: number): CostFigures => {
    const w = (i + 1) / ((days * (days + 1)) / 2);
    return {
      allocatedHours: f.allocatedHours * w,
      busyHours: f.busyHours * w,
      spend: f.spend * w,
      idleSpend: f.idleSpend * w,
      efficiency: f.efficiency,
      unpricedAllocatedHours: 0,
      priceSources: f.priceSources.map(p => ({
        ...p,
        allocatedHours: p.allocatedHours * w,
        spend: p.spend * w,
      })),
    };
  };
  const totals = {
    ...spendAll,
    capacityHours,
    unpricedCapacityHours: 0,
    nodeCost,
    unallocatedHours: capacityHours - spendAll.allocatedHours,
    unallocatedCost: 500,
    unattributedSpend: unattributed.spend,
  };
  const report: CostReport = {
    window: { startMs, endMs, stepSeconds: 60, steps: (days * DAY_MS) / 60000 },
    currency: 'USD',
    totals,
    byTeam,
    byProject: [
      {
        team: 'ml-research',
        project: 'llama-finetune',
        ...figures(700, 600, 2.7447),
      },
      {
        team: 'ml-research',
        project: 'vision-pretrain',
        ...figures(300, 200, 2.7447),
      },
      { team: 'recsys', project: 'ranker-train', ...teams.recsys },
      {
        team: 'ml-platform',
        project: 'embeddings-inf2',
        ...teams['ml-platform'],
      },
    ],
    byWorkload: [
      {
        cluster: 'ml-sandbox-use1',
        namespace: 'ml-research-training',
        team: 'ml-research',
        project: 'llama-finetune',
        kind: 'RayJob',
        workload: 'llama-finetune-ray',
        ...figures(700, 600, 2.7447),
      },
      {
        cluster: 'ml-sandbox-use1',
        namespace: 'recsys-training',
        team: 'recsys',
        project: 'ranker-train',
        kind: 'Job',
        workload: 'ranker-sweep',
        ...teams.recsys,
      },
    ],
    byAcceleratorType: [
      {
        resource: 'nvidia.com/gpu',
        acceleratorType: 'nvidia-a100-40gb',
        ...sum([teams['ml-research'], unattributed]),
      },
      {
        resource: 'nvidia.com/gpu',
        acceleratorType: 'nvidia-a10g',
        ...teams.recsys,
      },
      {
        resource: 'aws.amazon.com/neuroncore',
        acceleratorType: 'aws-inferentia2',
        ...teams['ml-platform'],
      },
    ],
    byInstanceType: [],
    byCapacityType: [],
    byCluster: [{ cluster: 'ml-sandbox-use1', ...spendAll }],
    // Cost centers as catalog/org.yaml gives them; the unattributed namespace unlabelled.
    byCostCenter: [
      { costCenter: 'cc-1001', ...teams['ml-research'] },
      { costCenter: 'cc-1003', ...teams.recsys },
      { costCenter: 'cc-1002', ...teams['ml-platform'] },
      { costCenter: null, ...unattributed },
    ],
    byWorkloadType: [
      {
        workloadType: 'training',
        ...sum([teams['ml-research'], teams.recsys]),
      },
      { workloadType: 'inference', ...teams['ml-platform'] },
      { workloadType: null, ...unattributed },
    ],
    chargeback: [],
    daily: {
      overall: Array.from(
        { length: days },
        (_, i): CostDay => ({
          ...day(i),
          ...share(spendAll, i),
          capacityHours: capacityHours / days,
          unpricedCapacityHours: 0,
          nodeCost: nodeCost / days,
          unallocatedHours: 0,
          unallocatedCost: 500 / days,
          unattributedSpend: unattributed.spend / days,
        }),
      ),
      byTeam: Object.entries(teams).map(([team, f]) => ({
        team,
        days: Array.from(
          { length: days },
          (_, i): TeamCostDay => ({ ...day(i), ...share(f, i) }),
        ),
      })),
      byAcceleratorType: [
        ['nvidia.com/gpu', 'nvidia-a100-40gb', teams['ml-research']],
        ['nvidia.com/gpu', 'nvidia-a10g', teams.recsys],
        ['aws.amazon.com/neuroncore', 'aws-inferentia2', teams['ml-platform']],
      ].map(([resource, acceleratorType, f]) => ({
        resource: resource as AcceleratorResource,
        acceleratorType: acceleratorType as string,
        days: Array.from({ length: days }, (_, i) => ({
          ...day(i),
          ...share(f as CostFigures, i),
        })),
      })),
      byCostCenter: [],
      byWorkloadType: [],
    },
    unallocated: [
      {
        cluster: 'ml-sandbox-use1',
        resource: 'nvidia.com/gpu',
        acceleratorType: 'nvidia-a10g',
        capacityHours: 2688,
        allocatedHours: 1344,
        busyHours: 470.4,
        unallocatedHours: 1344,
        nodeCost: 1524.63,
        unallocatedCost: 762.32,
        utilization: 470.4 / 2688,
        unpricedCapacityHours: 0,
      },
    ],
    unattributed: [
      { cluster: 'ml-sandbox-use1', namespace: 'scratch', ...unattributed },
    ],
    unpriced: [],
    warnings: [],
  };
  return report;
}

/**
 * The parts of a usage answer a test sets; nested parts may be partial too (the backend
 * always sends them whole, tests give only what the view under test reads).
 */
export type UsageOverrides = Partial<
  Omit<AimlUsage, 'budget' | 'teamChanges'>
> & {
  budget?: Partial<AimlBudget>;
  teamChanges?: Partial<AimlTeamChange>[];
};

/** A usage answer around {@link sampleReport}. */
export function sampleUsage(overrides: UsageOverrides = {}): AimlUsage {
  return { report: sampleReport(), ...overrides } as AimlUsage;
}

/** A report with no usage at all. */
export function emptyReport(): CostReport {
  const r = sampleReport();
  const zero = figures(0, 0, 0);
  return {
    ...r,
    totals: { ...r.totals, ...zero, unattributedSpend: 0 },
    byTeam: [],
    byProject: [],
    byWorkload: [],
    byAcceleratorType: [],
    daily: {
      overall: r.daily.overall.map(d => ({ ...d, ...zero })),
      byTeam: [],
      byAcceleratorType: [],
      byCostCenter: [],
      byWorkloadType: [],
    },
    byCostCenter: [],
    byWorkloadType: [],
    unattributed: [],
  };
}
