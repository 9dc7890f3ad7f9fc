import { createPriceBook } from '../pricing';
import { computeCostReport } from './model';
import type { CostModelInput, NodeSeries, PodSeries } from './types';

// GPUs shared between pods (MIG's mixed strategy, time-slicing) reach the cost model in
// GPUs: a MIG device of profile <g>g is g/7 of a GPU, a time-sliced replica 1/replicas.
// Expected figures are worked out by hand in the comments.

const T0 = Date.UTC(2026, 6, 1);
const HOUR_STEPS = { startMs: T0, stepSeconds: 3600 };
/** GPUs of a MIG device with g compute slices. */
const slice = (g: number) => g / 7;
const steps = (n: number, v: number) => new Array<number>(n).fill(v);

const h100Node = (
  instanceType: string,
  capacityUnits: number[],
): NodeSeries => ({
  cluster: 'c1',
  node: 'n1',
  instanceType,
  capacityType: 'on-demand',
  resource: 'nvidia.com/gpu',
  acceleratorType: 'nvidia-h100',
  capacityUnits,
});

const gpuPod = (
  name: string,
  namespace: string,
  requested: number[],
  busy: number[],
): PodSeries => ({
  cluster: 'c1',
  namespace,
  pod: name,
  node: 'n1',
  resource: 'nvidia.com/gpu',
  requested,
  busy,
});

const input = (
  n: number,
  nodes: NodeSeries[],
  pods: PodSeries[],
): CostModelInput => ({
  ...HOUR_STEPS,
  steps: n,
  nodes,
  pods,
  namespaceOwners: {
    'c1/ml-research-training': 'ml-research',
    'c1/recsys-inference': 'recsys',
  },
  priceBook: createPriceBook(),
});

describe('computeCostReport with shared GPUs', () => {
  it('prices MIG devices of the mixed strategy as their share of a GPU', () => {
    // p5.4xlarge (1 × H100, 6.88 per GPU-hour) with its GPU split 3g.40gb + 2g.20gb +
    // 2 × 1g.10gb: 3/7 + 2/7 + 2 × 1/7 = 1 GPU, as assembled from the node's capacity.
    const capacity = 1 * slice(3) + 1 * slice(2) + 2 * slice(1);
    const report = computeCostReport(
      input(
        7,
        [h100Node('p5.4xlarge', steps(7, capacity))],
        [
          gpuPod(
            'a-3g',
            'ml-research-training',
            steps(7, slice(3)),
            steps(7, 0.5),
          ),
          gpuPod(
            'b-1g',
            'ml-research-training',
            steps(7, slice(1)),
            steps(7, 0.8),
          ),
          gpuPod(
            'c-2g',
            'recsys-inference',
            steps(7, slice(2)),
            steps(7, 0.25),
          ),
          // The second 1g device is held for the first 3 hours only, fully busy.
          gpuPod(
            'd-1g',
            'recsys-inference',
            [...steps(3, slice(1)), ...steps(4, 0)],
            steps(7, 1),
          ),
        ],
      ),
    );
    const t = report.totals;
    // 7 hours × 1 GPU; each slice costs 6.88 × g/7 an hour.
    expect(t.capacityHours).toBeCloseTo(7, 12);
    expect(t.nodeCost).toBeCloseTo(48.16, 9);
    // allocated 3 + 1 + 2 + 3/7 = 45/7 GPU-hours; busy 1.5 + 0.8 + 0.5 + 3/7 = 3.2285714…
    expect(t.allocatedHours).toBeCloseTo(45 / 7, 12);
    expect(t.busyHours).toBeCloseTo(2.8 + 3 / 7, 12);
    // spend 45/7 × 6.88 = 44.2285714…; idle (45/7 − 2.8 − 3/7) × 6.88 = 3.2 × 6.88 = 22.016
    expect(t.spend).toBeCloseTo(44.22857142857143, 9);
    expect(t.idleSpend).toBeCloseTo(22.016, 9);
    // the 1g device left free for 4 hours: 4/7 GPU-hours × 6.88 = 3.9314285…
    expect(t.unallocatedHours).toBeCloseTo(4 / 7, 12);
    expect(t.unallocatedCost).toBeCloseTo(3.9314285714285715, 9);
    expect(t.spend + t.unallocatedCost).toBeCloseTo(t.nodeCost, 9);
    // 3/7 + 1/7 + 2/7 + 1/7 adds up to a hair above the assembled capacity in floating
    // point: rounding, not overcommit.
    expect(report.warnings).toEqual([]);

    const pod = (name: string) =>
      report.byWorkload.find(w => w.workload === name)!;
    // a: 3/7 GPU × 7 h = 3 GPU-hours, spend 20.64, busy 1.5, idle 1.5 × 6.88 = 10.32
    expect(pod('a-3g')).toMatchObject({ kind: null, team: 'ml-research' });
    expect(pod('a-3g').allocatedHours).toBeCloseTo(3, 12);
    expect(pod('a-3g').busyHours).toBeCloseTo(1.5, 12);
    expect(pod('a-3g').spend).toBeCloseTo(20.64, 9);
    expect(pod('a-3g').idleSpend).toBeCloseTo(10.32, 9);
    // b: 1 GPU-hour, spend 6.88, busy 0.8, idle 0.2 × 6.88 = 1.376
    expect(pod('b-1g').spend).toBeCloseTo(6.88, 9);
    expect(pod('b-1g').idleSpend).toBeCloseTo(1.376, 9);
    // c: 2 GPU-hours, spend 13.76, busy 0.5, idle 1.5 × 6.88 = 10.32
    expect(pod('c-2g').spend).toBeCloseTo(13.76, 9);
    expect(pod('c-2g').idleSpend).toBeCloseTo(10.32, 9);
    // d: 3/7 GPU-hours, spend 3/7 × 6.88 = 2.9485714…, never idle
    expect(pod('d-1g').allocatedHours).toBeCloseTo(3 / 7, 12);
    expect(pod('d-1g').spend).toBeCloseTo(2.9485714285714284, 9);
    expect(pod('d-1g').idleSpend).toBeCloseTo(0, 12);

    const team = (name: string) => report.byTeam.find(r => r.team === name)!;
    // ml-research: a + b = 4 GPU-hours, busy 2.3, spend 27.52, idle 11.696
    expect(team('ml-research').allocatedHours).toBeCloseTo(4, 12);
    expect(team('ml-research').efficiency).toBeCloseTo(0.575, 12);
    expect(team('ml-research').spend).toBeCloseTo(27.52, 9);
    expect(team('ml-research').idleSpend).toBeCloseTo(11.696, 9);
    // recsys: c + d = 17/7 GPU-hours, spend 13.76 + 2.9485714… = 16.7085714…
    expect(team('recsys').allocatedHours).toBeCloseTo(17 / 7, 12);
    expect(team('recsys').spend).toBeCloseTo(16.708571428571428, 9);
    expect(team('recsys').idleSpend).toBeCloseTo(10.32, 9);
  });

  it('spreads the price of a MIG layout that leaves slices unused over the exposed ones', () => {
    // p5.48xlarge (8 × H100, 55.04 an hour): 7 whole GPUs and one split 2 × 3g.40gb,
    // whose seventh slice is not exposed: 7 + 6/7 = 55/7 GPUs carry the instance's price,
    // 55.04 / (55/7) = 7.00509… per exposed GPU-hour.
    const report = computeCostReport(
      input(
        1,
        [h100Node('p5.48xlarge', [7 + 2 * slice(3)])],
        [
          gpuPod('whole', 'ml-research-training', [2], [0.9]),
          gpuPod('mig-3g', 'recsys-inference', [slice(3)], [0.5]),
        ],
      ),
    );
    expect(report.totals.capacityHours).toBeCloseTo(55 / 7, 12);
    expect(report.totals.nodeCost).toBeCloseTo(55.04, 9);
    const spend = (name: string) =>
      report.byWorkload.find(w => w.workload === name)!.spend;
    // 2 × 55.04 × 7/55 = 14.0101818…; 3/7 × 55.04 × 7/55 = 3.0021818…
    expect(spend('whole')).toBeCloseTo(14.010181818181818, 9);
    expect(spend('mig-3g')).toBeCloseTo(3.002181818181818, 9);
    expect(report.totals.spend + report.totals.unallocatedCost).toBeCloseTo(
      55.04,
      9,
    );
  });

  it('counts a time-sliced GPU shared by 3 pods at 60% as 0.6 busy GPUs, not 1.8', () => {
    // g5.xlarge (1 × A10G, 1.006 an hour) time-sliced into 3 replicas: the node is 1 GPU
    // (3 replicas × 1/3), each pod holds 1/3 of it, and the device's 60% is split among
    // them: each is 60% busy on its third.
    const g5 = {
      ...h100Node('g5.xlarge', [3 * (1 / 3)]),
      acceleratorType: 'nvidia-a10g',
    };
    const pods = ['p1', 'p2', 'p3'].map(name =>
      gpuPod(name, 'recsys-inference', [1 / 3], [0.6]),
    );
    const report = computeCostReport(input(1, [g5], pods));
    const t = report.totals;
    expect(t.capacityHours).toBeCloseTo(1, 12);
    expect(t.allocatedHours).toBeCloseTo(1, 12);
    expect(t.busyHours).toBeCloseTo(0.6, 12);
    expect(t.efficiency).toBeCloseTo(0.6, 12);
    // spend 1 × 1.006; idle 0.4 × 1.006 = 0.4024; nothing unallocated
    expect(t.spend).toBeCloseTo(1.006, 9);
    expect(t.idleSpend).toBeCloseTo(0.4024, 9);
    expect(t.unallocatedCost).toBeCloseTo(0, 12);
    expect(report.warnings).toEqual([]);
    // Each pod: 1/3 GPU-hour, 0.2 busy, spend 0.3353333…
    for (const row of report.byWorkload) {
      expect(row.allocatedHours).toBeCloseTo(1 / 3, 12);
      expect(row.busyHours).toBeCloseTo(0.2, 12);
      expect(row.spend).toBeCloseTo(1.006 / 3, 9);
    }

    // Where the replicas are unknown the node's units stay replicas (3 exposed, each
    // costing 1.006 / 3): the same money, in replica-hours.
    const replicaUnits = computeCostReport(
      input(
        1,
        [{ ...g5, capacityUnits: [3] }],
        pods.map(p => ({ ...p, requested: [1] })),
      ),
    );
    expect(replicaUnits.totals.busyHours).toBeCloseTo(1.8, 12);
    expect(replicaUnits.totals.spend).toBeCloseTo(1.006, 9);
    expect(replicaUnits.totals.idleSpend).toBeCloseTo(0.4024, 9);
  });

  it('leaves GPUs nobody shares as they were', () => {
    // g5.12xlarge (4 × A10G, 5.672 an hour = 1.418 per GPU-hour), two pods on a GPU each.
    const report = computeCostReport(
      input(
        1,
        [
          {
            ...h100Node('g5.12xlarge', [4]),
            acceleratorType: 'nvidia-a10g',
          },
        ],
        [
          gpuPod('p1', 'recsys-inference', [1], [0.6]),
          gpuPod('p2', 'recsys-inference', [1], [0.6]),
        ],
      ),
    );
    const t = report.totals;
    // 2 GPU-hours, busy 1.2, spend 2.836, idle 0.8 × 1.418 = 1.1344, 2 GPU-hours free
    expect(t.allocatedHours).toBe(2);
    expect(t.busyHours).toBeCloseTo(1.2, 12);
    expect(t.spend).toBeCloseTo(2.836, 9);
    expect(t.idleSpend).toBeCloseTo(1.1344, 9);
    expect(t.unallocatedHours).toBe(2);
    expect(t.unallocatedCost).toBeCloseTo(2.836, 9);
  });
});
