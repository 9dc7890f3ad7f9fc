import type { NodeSeries, PodSeries } from '@eks-aiml/plugin-aiml-common';

/**
 * A window sampled at a fixed step: `[startMs, endMs)`, `(endMs − startMs)` a whole
 * number of `stepSeconds`.
 *
 * @public
 */
export interface MetricsWindow {
  /** Start, epoch ms (inclusive). */
  startMs: number;
  /** End, epoch ms (exclusive). */
  endMs: number;
  /** The step between samples, seconds. */
  stepSeconds: number;
}

/**
 * What a metrics source gives the cost model for one cluster: its input without the
 * namespace owners and the price book.
 *
 * @public
 */
export interface AcceleratorSeries {
  /** Accelerated nodes with their capacity per step. */
  nodes: NodeSeries[];
  /**
   * Pods that requested accelerators while Running in the window: requests per step
   * (0 where not Running, Neuron devices already in NeuronCores) and utilization (0–1).
   */
  pods: PodSeries[];
  /**
   * Why the series may be incomplete although the source answered: a server that
   * answered in part (e.g. a Thanos or Cortex store down). Absent when complete.
   */
  warnings?: string[];
}

/**
 * Where a cluster's accelerator metrics come from: Prometheus (or Amazon Managed
 * Prometheus), the sandbox's generator, later CloudWatch or split-cost data.
 *
 * @public
 */
export interface AcceleratorMetricsSource {
  /** Nodes and pods of one cluster over a window, sampled at the window's step. */
  load(cluster: string, window: MetricsWindow): Promise<AcceleratorSeries>;
}

/**
 * A label matcher with PromQL semantics (a missing label equals `""`; regular
 * expressions are anchored).
 *
 * @public
 */
export interface LabelMatcher {
  /** The label name. */
  label: string;
  /** Equal, not equal, matches or does not match the regular expression. */
  op: '=' | '!=' | '=~' | '!~';
  /** The value or regular expression. */
  value: string;
}

/**
 * Series of a range query combined per step, as PromQL's
 * `<op> by (<by>) (clamp(avg_over_time(<selector>[<step>]), min, max))`: each series'
 * step value clamped, then summed or averaged over the series that share the `by`
 * labels and have a value in the step. The source sends only the combined series: a
 * node's NeuronCores or a pod's GPUs in one series instead of one each.
 *
 * @public
 */
export interface RangeAggregation {
  op: 'sum' | 'avg';
  /** The labels kept; series equal in these are combined. */
  by: string[];
  /** `[min, max]` each series' step value is clamped to first. */
  clamp: [number, number];
}

/**
 * One selector, as a PromQL range query would take it: `metric{matchers}`, optionally
 * combined per step.
 *
 * @public
 */
export interface RangeQuery {
  /** The metric name. */
  metric: string;
  /** Label matchers, all of which must hold. */
  matchers?: LabelMatcher[];
  /** Combines the matching series (default: every series on its own). */
  aggregate?: RangeAggregation;
}

/**
 * One series of a range query: its labels and one value per step of the window, the
 * time-weighted mean over the step (`avg_over_time`), NaN where it had no sample.
 *
 * @public
 */
export interface RangeSeries {
  /** The series' labels (without the metric name). */
  labels: Record<string, string>;
  /** One value per step of the window; NaN where the series had no sample. */
  values: Float64Array;
}

/**
 * Reads raw exporter series over a window: what a Prometheus source answers with
 * `avg_over_time(<selector>[<step>])` range queries, and what the sandbox generator
 * answers in-process. The joins from raw series to the cost model's input run in the
 * aiml backend, the same for every reader: a metrics source may be given as a reader
 * alone ({@link AimlRangeReaderSource}).
 *
 * @public
 */
export interface RangeReader {
  /** The series matching a selector, one value per step of the window. */
  range(
    cluster: string,
    query: RangeQuery,
    window: MetricsWindow,
  ): Promise<RangeSeries[]>;
}
