import type {
  LabelMatcher,
  MetricsWindow,
  RangeReader,
} from '@eks-aiml/plugin-aiml-node';
import type { ClusterKueueMetrics } from '@eks-aiml/plugin-aiml-common';

/**
 * Kueue v0.19's metrics the usage report reads (`pkg/metrics/metrics.go`): the
 * resource gauges are exported with `metrics.enableClusterQueueResources` in
 * Kueue's manager config (docs/scheduling.md).
 */
export const KUEUE_METRICS = {
  usage: 'kueue_cluster_queue_resource_usage',
  nominal: 'kueue_cluster_queue_nominal_quota',
  waitSum: 'kueue_admission_wait_time_seconds_sum',
  waitCount: 'kueue_admission_wait_time_seconds_count',
  pending: 'kueue_pending_workloads',
} as const;

/** The ClusterQueues the product names (`aiml-<team>`). */
const TEAM_QUEUES: LabelMatcher = {
  label: 'cluster_queue',
  op: '=~',
  value: 'aiml-.+',
};
/** The accelerator resources of the product's ClusterQueues. */
const ACCELERATORS: LabelMatcher = {
  label: 'resource',
  op: '=~',
  value:
    'nvidia\\.com/gpu|aws\\.amazon\\.com/neuroncore|aws\\.amazon\\.com/neuron',
};

/**
 * The Kueue series of the team queues of one cluster over the window, one value per
 * step (the step's mean), as any {@link RangeReader} answers them.
 */
export async function loadKueueSeries(
  reader: RangeReader,
  cluster: string,
  window: MetricsWindow,
): Promise<Omit<ClusterKueueMetrics, 'cluster' | 'flavors'>> {
  const read = (metric: string, matchers: LabelMatcher[]) =>
    reader.range(cluster, { metric, matchers }, window);
  const [usage, nominal, waitSum, waitCount, pending] = await Promise.all([
    read(KUEUE_METRICS.usage, [TEAM_QUEUES, ACCELERATORS]),
    read(KUEUE_METRICS.nominal, [TEAM_QUEUES, ACCELERATORS]),
    read(KUEUE_METRICS.waitSum, [TEAM_QUEUES]),
    read(KUEUE_METRICS.waitCount, [TEAM_QUEUES]),
    read(KUEUE_METRICS.pending, [TEAM_QUEUES]),
  ]);
  return { usage, nominal, waitSum, waitCount, pending };
}
