import type { GeneratedSeries, SeriesSegment } from './series';

/**
 * Kueue's metrics as Kueue v0.19's controller exports them (`pkg/metrics`), with the
 * exporter's help text. The resource gauges need `metrics.enableClusterQueueResources`;
 * the histogram is given by its `_sum` and `_count` (no buckets).
 */
export const KUEUE_METRIC_HELP: Readonly<Record<string, string>> = {
  kueue_cluster_queue_resource_usage:
    "Reports the cluster_queue's total resource usage within all the flavors",
  kueue_cluster_queue_nominal_quota:
    "Reports the cluster_queue's resource nominal quota within all the flavors",
  kueue_admission_wait_time_seconds_sum:
    'The time between a workload was created or requeued until admission, per cluster_queue (sum)',
  kueue_admission_wait_time_seconds_count:
    'The time between a workload was created or requeued until admission, per cluster_queue (count)',
  kueue_pending_workloads:
    "The number of pending workloads, per 'cluster_queue' and 'status'",
};

/** The cluster and week of the planted Kueue scenario (README: "Kueue, week of 2026-07-06"). */
export const PLANTED_KUEUE_CLUSTER = 'ml-sandbox-use1';
const START = Date.UTC(2026, 6, 6);
const END = Date.UTC(2026, 6, 13);
const HOUR = 3_600_000;
const COHORT = 'aiml-sandbox';
const FLAVORS = ['p4d-24xlarge-spot', 'g5-12xlarge-on-demand'] as const;
type Flavor = (typeof FLAVORS)[number];

/** A step function over the week: `[hours from the start, value]`, each up to the next. */
function steps(...points: Array<[number, number]>): SeriesSegment[] {
  return points.map(([at, value], i) => ({
    fromMs: START + at * HOUR,
    toMs: i + 1 < points.length ? START + points[i + 1][0] * HOUR : END,
    value,
  }));
}

interface PlantedQueue {
  team: string;
  /** GPUs of each flavor. */
  nominal: number;
  usage: Partial<Record<Flavor, Array<[number, number]>>>;
  /** Admissions: at hours from the start, after waiting this many seconds. */
  admissions: Array<{ at: number; waitSeconds: number }>;
  /** The counters' values when the week starts. */
  before: { count: number; sum: number };
}

/**
 * The week: ml-research borrows 8 A100s of recsys' idle quota for 72 hours until
 * recsys submits its own job and reclaims them; ml-platform borrows 2 A10Gs for a day
 * and waits an hour for it. Each admission's wait is the time its workload was
 * pending (whole minutes: the generator samples minutes).
 */
const QUEUES: PlantedQueue[] = [
  {
    team: 'ml-research',
    nominal: 8,
    usage: {
      'p4d-24xlarge-spot': [
        [0, 0],
        [6, 16],
        [78, 8],
      ],
    },
    admissions: [{ at: 6, waitSeconds: 120 }],
    before: { count: 3, sum: 410 },
  },
  {
    team: 'recsys',
    nominal: 8,
    usage: {
      'p4d-24xlarge-spot': [
        [0, 0],
        [78, 8],
      ],
    },
    admissions: [{ at: 78, waitSeconds: 300 }],
    before: { count: 0, sum: 0 },
  },
  {
    team: 'ml-platform',
    nominal: 4,
    usage: {
      'g5-12xlarge-on-demand': [
        [0, 4],
        [24, 6],
        [48, 4],
      ],
    },
    admissions: [
      { at: 24, waitSeconds: 3600 },
      { at: 84, waitSeconds: 600 },
    ],
    before: { count: 7, sum: 2000 },
  },
];

function queueSeries(q: PlantedQueue): GeneratedSeries[] {
  const clusterQueue = `aiml-${q.team}`;
  const out: GeneratedSeries[] = [];
  for (const flavor of FLAVORS) {
    const labels = {
      cohort: COHORT,
      cluster_queue: clusterQueue,
      flavor,
      resource: 'nvidia.com/gpu',
    };
    out.push(
      {
        name: 'kueue_cluster_queue_nominal_quota',
        labels,
        segments: steps([0, q.nominal]),
      },
      {
        name: 'kueue_cluster_queue_resource_usage',
        labels,
        segments: steps(...(q.usage[flavor] ?? [[0, 0]])),
      },
    );
  }
  const counter = (
    pick: (a: { waitSeconds: number }) => number,
    from: number,
  ) =>
    steps(
      [0, from],
      ...q.admissions.map((a, i): [number, number] => [
        a.at,
        from + q.admissions.slice(0, i + 1).reduce((s, b) => s + pick(b), 0),
      ]),
    );
  // Pending while waiting (the minutes before each admission), none otherwise.
  const pending: SeriesSegment[] = [];
  let at = START;
  for (const a of q.admissions) {
    const admitted = START + a.at * HOUR;
    const from = admitted - a.waitSeconds * 1000;
    if (from > at) pending.push({ fromMs: at, toMs: from, value: 0 });
    pending.push({ fromMs: from, toMs: admitted, value: 1 });
    at = admitted;
  }
  pending.push({ fromMs: at, toMs: END, value: 0 });
  const cq = { cluster_queue: clusterQueue };
  return [
    ...out,
    {
      name: 'kueue_admission_wait_time_seconds_count',
      labels: cq,
      segments: counter(() => 1, q.before.count),
    },
    {
      name: 'kueue_admission_wait_time_seconds_sum',
      labels: cq,
      segments: counter(a => a.waitSeconds, q.before.sum),
    },
    {
      name: 'kueue_pending_workloads',
      labels: { ...cq, status: 'active' },
      segments: pending,
    },
    {
      name: 'kueue_pending_workloads',
      labels: { ...cq, status: 'inadmissible' },
      segments: steps([0, 0]),
    },
  ];
}

/**
 * The planted Kueue scenario's series: on {@link PLANTED_KUEUE_CLUSTER} in the week of
 * 2026-07-06 only (outside the planted week and month, so no other figure moves);
 * none on other clusters. Every cluster of the sandbox schedules by quota unless a
 * portal configures it `scheduling: kueue`; only then does the usage service read them.
 */
export function plantedKueueSeries(cluster: string): GeneratedSeries[] {
  return cluster === PLANTED_KUEUE_CLUSTER ? QUEUES.flatMap(queueSeries) : [];
}
