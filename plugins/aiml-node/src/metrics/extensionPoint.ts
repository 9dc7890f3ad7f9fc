import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { AimlClusterConfig } from '../config/readAimlConfig';
import type { AcceleratorMetricsSource, RangeReader } from './types';

/**
 * What a metrics source factory is given: one configured cluster whose
 * `metrics.type` names the factory.
 *
 * @public
 */
export interface AimlMetricsSourceContext {
  /** The cluster, with its `metrics` configuration. */
  cluster: AimlClusterConfig;
  /** The configuration key of the cluster's `metrics`, for messages. */
  configKey: string;
}

/**
 * A metrics source given as raw exporter series only: the aiml backend reads what the
 * cost model needs through `reader` (the range queries over kube-state-metrics,
 * dcgm-exporter and Neuron Monitor series that it sends Prometheus, listed in the
 * aiml-backend README) and joins the answers into the cost model's input exactly as it
 * joins Prometheus' answers. Node labels missing from `kube_node_labels` are not read
 * from the Kubernetes API for such a source.
 *
 * A source that answers range queries should be given this way rather than as an
 * {@link AcceleratorMetricsSource}: it then needs no copy of the joins.
 *
 * @public
 */
export interface AimlRangeReaderSource {
  /** Answers the backend's range queries of the cluster (see {@link RangeReader}). */
  reader: RangeReader;
}

/**
 * What a metrics source factory makes: a whole {@link AcceleratorMetricsSource}, which
 * gives the cost model's input itself (it has `load`, and is used as it is), or an
 * {@link AimlRangeReaderSource}, whose raw series the aiml backend joins.
 *
 * @public
 */
export type AimlMetricsSourceFactoryResult =
  | AcceleratorMetricsSource
  | AimlRangeReaderSource;

/**
 * Makes the metrics source of a cluster configured with the type it was added for: a
 * whole source, or a range reader the aiml backend joins the series of
 * ({@link AimlMetricsSourceFactoryResult}).
 *
 * @public
 */
export type AimlMetricsSourceFactory = (
  context: AimlMetricsSourceContext,
) => AimlMetricsSourceFactoryResult;

/**
 * Where the usage service finds a cluster's accelerator metrics: one factory per
 * `aiml.clusters[].metrics.type`. The aiml backend has `prometheus` built in; the
 * sandbox module adds `sandbox`; an adopter's module may add another (CloudWatch,
 * split-cost data).
 *
 * @public
 */
export interface AimlMetricsSourceExtensionPoint {
  /**
   * Adds the source of clusters configured with `metrics.type: <type>`; a type may be
   * added once. The factory is called once per such cluster and returns either an
   * {@link AcceleratorMetricsSource} or `{ reader }`, a {@link RangeReader} whose
   * series the backend joins ({@link AimlRangeReaderSource}).
   */
  addMetricsSource(type: string, factory: AimlMetricsSourceFactory): void;
}

/**
 * The extension point of the aiml backend's metrics sources.
 *
 * @public
 */
export const aimlMetricsSourceExtensionPoint =
  createExtensionPoint<AimlMetricsSourceExtensionPoint>({
    id: 'aiml.metrics-source',
  });
