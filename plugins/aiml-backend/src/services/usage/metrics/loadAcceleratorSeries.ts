import { assembleAcceleratorSeries } from './assemble';
import {
  KSM_ACCELERATOR_RESOURCE_PATTERN,
  KSM_ACCELERATOR_RESOURCES,
} from './ksmResources';
import { nodesWithoutPriceLabels } from './nodeFacts';
import type { RawAcceleratorMetrics } from './rawAcceleratorMetrics';
import { dcgmPodKey } from './seriesLabels';
import { kubeNodeLabelSeries, NodeLabelReader } from './nodeLabels';
import {
  AcceleratorSeries,
  LabelMatcher,
  MetricsWindow,
  RangeAggregation,
  RangeReader,
  windowSteps,
} from '@eks-aiml/plugin-aiml-node';

/** kube-state-metrics' names of the GPU resources besides `nvidia_com_gpu`. */
const OTHER_GPU_RESOURCE = /^nvidia_com_(gpu_shared|mig_.+)$/;

/**
 * The cost model needs a GPU pod's utilization, the mean over its devices (GPUs or MIG
 * devices), and a node's busy NeuronCores, the sum over its cores: sources combine
 * the core series per node and the series of one device held by one pod (the
 * exporter's other labels, a scrape's `instance` and `job`, dropped); the device labels
 * are kept so that pods sharing a time-sliced device can be told apart (see
 * RangeAggregation).
 */
const PER_POD_DEVICE: RangeAggregation['by'] = [
  'namespace',
  'pod',
  'exported_namespace',
  'exported_pod',
  'Hostname',
  'hostname',
  'UUID',
  'gpu',
  'GPU_I_ID',
];
const ENGINE_PER_POD: RangeAggregation = {
  op: 'avg',
  by: PER_POD_DEVICE,
  clamp: [0, 1],
};
const UTIL_PER_POD: RangeAggregation = {
  op: 'avg',
  by: PER_POD_DEVICE,
  clamp: [0, 100],
};
const CORES_PER_NODE: RangeAggregation = {
  op: 'sum',
  by: ['node', 'instance_id'],
  clamp: [0, 1],
};

/**
 * The longest alternation one selector holds. A cluster with thousands of GPU pods
 * would otherwise send a selector of hundreds of kilobytes in one query (slow to
 * parse, and over the size limits of proxies in front of Prometheus); more names are
 * read in several queries of this size.
 */
export const MAX_SELECTOR_CHARS = 8000;

/**
 * Regular expressions matching exactly the given values, together: one for each run
 * of values that fits in {@link MAX_SELECTOR_CHARS}.
 */
export function anyOfChunked(
  values: Iterable<string>,
  maxChars = MAX_SELECTOR_CHARS,
): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const value of new Set(values)) {
    const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (current && current.length + 1 + escaped.length > maxChars) {
      chunks.push(current);
      current = '';
    }
    current = current ? `${current}|${escaped}` : escaped;
  }
  if (current) chunks.push(current);
  return chunks;
}

/**
 * Joins a cluster's raw series into the cost model's nodes and pods
 * (`assembleAcceleratorSeries`), wherever it runs.
 *
 * @public
 */
export type SeriesAssembler = (
  cluster: string,
  steps: number,
  raw: RawAcceleratorMetrics,
) => Promise<AcceleratorSeries>;

const assembleInThread: SeriesAssembler = async (cluster, steps, raw) =>
  assembleAcceleratorSeries(cluster, steps, raw);

/**
 * Options of {@link loadAcceleratorSeries}.
 *
 * @public
 */
export interface LoadAcceleratorSeriesOptions {
  /**
   * Where the joins run (they are CPU-bound): the aiml backend hands them to its
   * worker threads; by default in this thread.
   */
  assemble?: SeriesAssembler;
  /**
   * Where node labels come from when `kube_node_labels` lacks the instance type or
   * capacity type of an accelerated node (kube-state-metrics without a label
   * allow-list); without it such nodes stay unpriced.
   */
  nodeLabels?: NodeLabelReader;
}

/**
 * Reads what the cost model needs of one cluster through a
 * {@link @eks-aiml/plugin-aiml-node#RangeReader} and joins it (`assembleAcceleratorSeries`). Pod-level series are read only for the pods
 * that requested accelerators, and `DCGM_FI_DEV_GPU_UTIL` only for pods that ran and
 * whose devices report no `DCGM_FI_PROF_GR_ENGINE_ACTIVE`; device series come one per
 * pod and device, NeuronCore series combined per node. Node labels missing from the metrics are
 * read from `options.nodeLabels`, alongside the pod-level series.
 *
 * @public
 */
export async function loadAcceleratorSeries(
  reader: RangeReader,
  cluster: string,
  window: MetricsWindow,
  options: LoadAcceleratorSeriesOptions = {},
): Promise<AcceleratorSeries> {
  const steps = windowSteps(window);
  const read = (
    metric: string,
    matchers: LabelMatcher[] = [],
    aggregate?: RangeAggregation,
  ) => reader.range(cluster, { metric, matchers, aggregate }, window);
  const accelerators: LabelMatcher = {
    label: 'resource',
    op: '=~',
    value: KSM_ACCELERATOR_RESOURCE_PATTERN,
  };
  const [nodeCapacity, nodeLabels, nodeInfo, podRequests] = await Promise.all([
    read('kube_node_status_capacity', [accelerators]),
    read('kube_node_labels'),
    read('kube_node_info'),
    read('kube_pod_container_resource_requests', [accelerators]),
  ]);
  // Series of the pods that requested accelerators, their names in chunks.
  const forPods = async (
    names: string[],
    metric: string,
    matchers: (chunk: string) => LabelMatcher[],
    aggregate?: RangeAggregation,
  ) =>
    (
      await Promise.all(
        anyOfChunked(names).map(chunk =>
          read(metric, matchers(chunk), aggregate),
        ),
      )
    ).flat();
  const podNames = podRequests.map(s => s.labels.pod).filter(Boolean);
  const byPod = (metric: string, extra: LabelMatcher[] = []) =>
    forPods(podNames, metric, chunk => [
      { label: 'pod', op: '=~', value: chunk },
      ...extra,
    ]);
  const unlabelled = options.nodeLabels
    ? nodesWithoutPriceLabels({ nodeCapacity, nodeLabels })
    : [];
  const [podRunning, podInfo, podLabels, engine, exported, neuron, fromApi] =
    await Promise.all([
      byPod('kube_pod_status_phase', [
        { label: 'phase', op: '=', value: 'Running' },
      ]),
      byPod('kube_pod_info'),
      byPod('kube_pod_labels'),
      read(
        'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
        [
          { label: 'pod', op: '!=', value: '' },
          { label: 'exported_pod', op: '=', value: '' },
        ],
        ENGINE_PER_POD,
      ),
      // A scrape that keeps its own pod label renames dcgm-exporter's to exported_pod.
      read(
        'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
        [{ label: 'exported_pod', op: '!=', value: '' }],
        ENGINE_PER_POD,
      ),
      read('neuroncore_utilization_ratio', [], CORES_PER_NODE),
      unlabelled.length ? options.nodeLabels!(cluster) : undefined,
    ]);
  if (fromApi)
    nodeLabels.push(...kubeNodeLabelSeries(fromApi, unlabelled, steps));
  const gpuEngineActive = [...engine, ...exported];
  // GPU_UTIL only for GPU pods that ran and whose devices report no engine-active ratio.
  const podKey = (l: Record<string, string>) => `${l.namespace}\u0000${l.pod}`;
  const ran = new Set(
    podRunning
      .filter(s => s.values.some(v => v > 0))
      .map(s => podKey(s.labels)),
  );
  const covered = new Set(
    gpuEngineActive.map(s => dcgmPodKey(s.labels)).filter(Boolean),
  );
  const uncovered = podRequests
    .filter(
      s =>
        (s.labels.resource === KSM_ACCELERATOR_RESOURCES.gpu ||
          OTHER_GPU_RESOURCE.test(s.labels.resource ?? '')) &&
        ran.has(podKey(s.labels)) &&
        !covered.has(podKey(s.labels)),
    )
    .map(s => s.labels.pod);
  const gpuUtil = (
    await Promise.all(
      ['pod', 'exported_pod'].map(label =>
        forPods(
          uncovered,
          'DCGM_FI_DEV_GPU_UTIL',
          chunk => [{ label, op: '=~', value: chunk }],
          UTIL_PER_POD,
        ),
      ),
    )
  ).flat();
  const raw: RawAcceleratorMetrics = {
    nodeCapacity,
    nodeLabels,
    nodeInfo,
    podRequests,
    podRunning,
    podInfo,
    podLabels,
    gpuEngineActive,
    gpuUtil,
    neuronCoreUtilization: neuron,
  };
  return (options.assemble ?? assembleInThread)(cluster, steps, raw);
}
