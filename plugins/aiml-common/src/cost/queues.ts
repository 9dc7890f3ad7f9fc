import {
  AcceleratorResource,
  findAcceleratorInstanceType,
} from '../accelerators';
import { acceleratorFlavorName, teamOfClusterQueue } from '../kueue/names';
import type { CapacityType, PriceBook } from '../pricing';
import { nodeRate } from './rates';
import type { TeamQueueCostRow } from './types';

/**
 * One series of Kueue's metrics over the window: its labels and one value per step,
 * the step's mean (`avg_over_time`), NaN where it had no sample.
 *
 * @public
 */
export interface KueueMetricSeries {
  /** The series' labels (without the metric name). */
  labels: Record<string, string>;
  /** One value per step of the window; NaN where the series had no sample. */
  values: ArrayLike<number>;
}

/**
 * What Kueue's controller exported for one cluster over the window (Kueue v0.19's
 * `pkg/metrics`; the resource gauges need `metrics.enableClusterQueueResources`).
 *
 * @public
 */
export interface ClusterKueueMetrics {
  /** The cluster name, as configured in `aiml.clusters`. */
  cluster: string;
  /** `kueue_cluster_queue_resource_usage` (cohort, cluster_queue, flavor, resource). */
  usage: KueueMetricSeries[];
  /** `kueue_cluster_queue_nominal_quota` (cohort, cluster_queue, flavor, resource). */
  nominal: KueueMetricSeries[];
  /** `kueue_admission_wait_time_seconds_sum` (cluster_queue), a counter. */
  waitSum: KueueMetricSeries[];
  /** `kueue_admission_wait_time_seconds_count` (cluster_queue), a counter. */
  waitCount: KueueMetricSeries[];
  /** `kueue_pending_workloads` (cluster_queue, status). */
  pending: KueueMetricSeries[];
  /** The cluster's accelerator flavors: the instance types and capacity types of its Kueue settings. */
  flavors: Array<{ instanceType: string; capacityType: CapacityType }>;
}

/** Accelerator units of a Kueue resource: GPUs, NeuronCores, Neuron devices as 2 cores. */
const UNITS: Record<string, { resource: AcceleratorResource; per: number }> = {
  'nvidia.com/gpu': { resource: 'nvidia.com/gpu', per: 1 },
  'aws.amazon.com/neuroncore': {
    resource: 'aws.amazon.com/neuroncore',
    per: 1,
  },
  'aws.amazon.com/neuron': { resource: 'aws.amazon.com/neuroncore', per: 2 },
};

/**
 * Series combined per key and step by their largest value: a series scraped twice
 * (two targets, two Kueue replicas) counts once.
 */
function combine(
  series: KueueMetricSeries[],
  keyOf: (labels: Record<string, string>) => string | undefined,
  steps: number,
): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>();
  for (const s of series) {
    const key = keyOf(s.labels);
    if (key === undefined) continue;
    let values = out.get(key);
    if (!values) {
      values = new Float64Array(steps).fill(NaN);
      out.set(key, values);
    }
    for (let i = 0; i < steps; i++) {
      const v = s.values[i];
      if (!Number.isNaN(v) && !(values[i] >= v)) values[i] = v;
    }
  }
  return out;
}

/**
 * A counter's increase over the window from its step means: the sum of the rises
 * between steps that have a value, a fall counted as a reset (as PromQL's
 * `increase`). An event inside the first or last step counts only in part.
 */
function increase(values: Float64Array): number {
  let total = 0;
  let last = NaN;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    if (!Number.isNaN(last)) total += v >= last ? v - last : v;
    last = v;
  }
  return total;
}

interface Accumulated {
  borrowedHours: number;
  borrowedSpend: number;
  unpricedBorrowedHours: number;
  admissions: number;
  waitSeconds: number;
  pendingWorkloadHours: number;
}

/**
 * Per team and cluster, its Kueue queue's borrowed accelerator-hours and their spend
 * (a team that borrows pays for what it borrows at the same rate as for its own),
 * its admissions and waits: see {@link TeamQueueCostRow}. Queues the product did
 * not name (`aiml-<team>`) are left out.
 *
 * @public
 */
export function teamQueueCosts(input: {
  /** Step i covers `[startMs + i·step, startMs + (i+1)·step)`. */
  window: { startMs: number; stepSeconds: number; steps: number };
  clusters: ClusterKueueMetrics[];
  priceBook: PriceBook;
}): TeamQueueCostRow[] {
  const { window, priceBook } = input;
  const { steps } = window;
  const stepHours = window.stepSeconds / 3600;
  const rows = new Map<string, TeamQueueCostRow & Accumulated>();
  const rowOf = (cluster: string, clusterQueue: string) => {
    const key = `${cluster}\u0000${clusterQueue}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        team: teamOfClusterQueue(clusterQueue)!,
        cluster,
        clusterQueue,
        borrowedHours: 0,
        borrowedSpend: 0,
        unpricedBorrowedHours: 0,
        admissions: 0,
        waitSeconds: 0,
        meanWaitSeconds: null,
        pendingWorkloadHours: 0,
      };
      rows.set(key, row);
    }
    return row;
  };
  const queueOf = (l: Record<string, string>) =>
    teamOfClusterQueue(l.cluster_queue ?? '') ? l.cluster_queue : undefined;
  const SEP = '\u0000';

  for (const c of input.clusters) {
    const quotaKey = (l: Record<string, string>) =>
      queueOf(l) && UNITS[l.resource]
        ? [l.cluster_queue, l.flavor, l.resource].join(SEP)
        : undefined;
    const nominal = combine(c.nominal, quotaKey, steps);
    const flavors = new Map(
      c.flavors.map(f => [
        acceleratorFlavorName(f.instanceType, f.capacityType),
        f,
      ]),
    );
    for (const [key, usage] of combine(c.usage, quotaKey, steps)) {
      const [clusterQueue, flavor, resource] = key.split(SEP);
      const quota = nominal.get(key);
      const units = UNITS[resource];
      const f = flavors.get(flavor);
      const t = f && findAcceleratorInstanceType(f.instanceType);
      const rate =
        f && t
          ? nodeRate(
              {
                cluster: c.cluster,
                node: flavor,
                instanceType: f.instanceType,
                capacityType: f.capacityType,
                resource: units.resource,
                acceleratorType: t.accelerator.type,
                capacityUnits: [],
              },
              priceBook,
              window,
            )
          : undefined;
      const row = rowOf(c.cluster, clusterQueue);
      for (let i = 0; i < steps; i++) {
        // Without the step's quota, nothing can be said to be borrowed.
        const above = usage[i] - (quota?.[i] ?? NaN);
        if (!(above > 0)) continue;
        const hours = above * units.per * stepHours;
        row.borrowedHours += hours;
        if (rate?.priced) row.borrowedSpend += hours * rate.rates.rate[i];
        else row.unpricedBorrowedHours += hours;
      }
    }
    const counters = (series: KueueMetricSeries[]) =>
      combine(series, queueOf, steps);
    for (const [clusterQueue, values] of counters(c.waitCount)) {
      rowOf(c.cluster, clusterQueue).admissions += increase(values);
    }
    for (const [clusterQueue, values] of counters(c.waitSum)) {
      rowOf(c.cluster, clusterQueue).waitSeconds += increase(values);
    }
    const pending = combine(
      c.pending,
      l => (queueOf(l) ? `${l.cluster_queue}${SEP}${l.status}` : undefined),
      steps,
    );
    for (const [key, values] of pending) {
      const row = rowOf(c.cluster, key.split(SEP)[0]);
      for (const v of values) {
        if (v > 0) row.pendingWorkloadHours += v * stepHours;
      }
    }
  }
  return [...rows.values()]
    .map(r => ({
      ...r,
      admissions: Math.round(r.admissions),
      meanWaitSeconds:
        Math.round(r.admissions) > 0
          ? r.waitSeconds / Math.round(r.admissions)
          : null,
    }))
    .sort(
      (a, b) =>
        a.cluster.localeCompare(b.cluster) || a.team.localeCompare(b.team),
    );
}
