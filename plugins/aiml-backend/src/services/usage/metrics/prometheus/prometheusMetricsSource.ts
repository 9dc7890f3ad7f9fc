import { ServiceUnavailableError } from '@backstage/errors';
import {
  loadAcceleratorSeries,
  SeriesAssembler,
} from '../loadAcceleratorSeries';
import type { NodeLabelReader } from '../nodeLabels';
import type {
  AcceleratorMetricsSource,
  AcceleratorSeries,
  LabelMatcher,
  MetricsWindow,
  RangeQuery,
  RangeReader,
  RangeSeries,
} from '@eks-aiml/plugin-aiml-node';
import type { PrometheusClient } from './prometheusClient';
import { stepAverageQuery } from './promql';

/**
 * Reads raw series from Prometheus with `avg_over_time` range queries, for one load:
 * every query shares the load's deadline, and the warnings of answers given in part
 * are kept.
 *
 * @public
 */
export class PrometheusRangeReader implements RangeReader {
  /** Warnings of the answers so far (a server that answered in part). */
  readonly warnings = new Set<string>();

  constructor(
    private readonly client: PrometheusClient,
    private readonly options: {
      /** Matchers added to every selector (the cluster's label). */
      matchers?: (cluster: string) => LabelMatcher[];
      /** Aborts the queries (the load's deadline). */
      signal?: AbortSignal;
    } = {},
  ) {}

  /** The series matching the query, one value per step. */
  async range(
    cluster: string,
    query: RangeQuery,
    window: MetricsWindow,
  ): Promise<RangeSeries[]> {
    const params = stepAverageQuery(
      query,
      window,
      this.options.matchers?.(cluster),
    );
    // Evaluation k of the query is the end of step k of the window.
    const matrix = await this.client.queryRange(params, this.options.signal);
    for (const w of matrix.warnings) this.warnings.add(w);
    return matrix.series.map(m => ({ labels: m.metric, values: m.values }));
  }
}

/**
 * Options of {@link PrometheusMetricsSource}.
 *
 * @public
 */
export interface PrometheusMetricsSourceOptions {
  client: PrometheusClient;
  /** How long one load (all its queries) may take. */
  timeoutMs: number;
  /** The label naming the cluster, when one Prometheus holds several. */
  clusterLabel?: string;
  /** Node labels kube-state-metrics does not export (see loadAcceleratorSeries). */
  nodeLabels?: NodeLabelReader;
  /** Where the joins run (see loadAcceleratorSeries). */
  assemble?: SeriesAssembler;
}

/**
 * The metrics source of clusters configured with `metrics.type: prometheus`: the raw
 * exporter series read with PromQL range queries (Prometheus or Amazon Managed
 * Prometheus) and joined like every source's ({@link loadAcceleratorSeries}).
 *
 * A load fails as a whole, with a ServiceUnavailableError naming the server, when any
 * query fails or the load takes longer than `timeoutMs`; an answer given in part
 * (warnings) is returned with its `warnings`, never as complete.
 *
 * @public
 */
export class PrometheusMetricsSource implements AcceleratorMetricsSource {
  constructor(private readonly options: PrometheusMetricsSourceOptions) {}

  /** The cluster's nodes and pods over the window. */
  async load(
    cluster: string,
    window: MetricsWindow,
  ): Promise<AcceleratorSeries> {
    const { client, timeoutMs, clusterLabel } = this.options;
    const signal = AbortSignal.timeout(timeoutMs);
    const reader = new PrometheusRangeReader(client, {
      signal,
      matchers: clusterLabel
        ? c => [{ label: clusterLabel, op: '=', value: c }]
        : undefined,
    });
    let series: AcceleratorSeries;
    try {
      series = await loadAcceleratorSeries(reader, cluster, window, {
        nodeLabels: this.options.nodeLabels,
        assemble: this.options.assemble,
      });
    } catch (error) {
      if (!signal.aborted) throw error;
      throw new ServiceUnavailableError(
        `${client.description} did not answer within ${
          timeoutMs / 1000
        } s (metrics.timeout of the cluster)`,
      );
    }
    return reader.warnings.size
      ? { ...series, warnings: [...reader.warnings] }
      : series;
  }
}
