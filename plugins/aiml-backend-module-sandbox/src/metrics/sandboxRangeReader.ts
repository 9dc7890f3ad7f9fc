import { NotFoundError } from '@backstage/errors';
import {
  aggregateSeries,
  AimlClock,
  MetricsWindow,
  RangeQuery,
  RangeReader,
  RangeSeries,
} from '@eks-aiml/plugin-aiml-node';
import { SandboxMetrics } from '@eks-aiml/sandbox';

/**
 * The metrics of clusters configured with `metrics.type: sandbox`: reads the sandbox's
 * metrics generator in-process, as a Prometheus would answer `avg_over_time` range
 * queries: one value per step, the mean of the minute samples in it. Nothing exists at
 * or after the clock's now. The aiml backend joins its series as it joins Prometheus'
 * (the module adds it as `{ reader }` through `aimlMetricsSourceExtensionPoint`).
 *
 * The generator is stateless and deterministic from its seed, so this works the same
 * whether the sandbox runs inside the backend (`aiml.sandbox.enabled`) or as its own
 * process (`aiml.sandbox.attach`): the backend computes locally exactly the series the
 * sandbox process would serve. Only the clock is shared (the sandbox clock).
 *
 * @public
 */
export class SandboxRangeReader implements RangeReader {
  constructor(
    private readonly metrics: SandboxMetrics,
    private readonly clock: AimlClock,
  ) {}

  /**
   * The generator's series matching the query, averaged per step (and combined as
   * asked), cut at the clock's now; throws a NotFoundError for a cluster the sandbox
   * does not have.
   */
  async range(
    cluster: string,
    query: RangeQuery,
    window: MetricsWindow,
  ): Promise<RangeSeries[]> {
    if (!this.metrics.clusterNames().includes(cluster)) {
      throw new NotFoundError(
        `the sandbox has no cluster "${cluster}" (it has ${this.metrics
          .clusterNames()
          .join(', ')}): metrics.type sandbox only serves sandbox clusters`,
      );
    }
    const now = this.clock.nowMs();
    const series = this.metrics
      .select(cluster, query.metric, query.matchers ?? [])
      .map(s => ({
        labels: { ...s.labels },
        values: this.metrics.sampleRange(s, window, now),
      }))
      .filter(s => s.values.some(v => !Number.isNaN(v)));
    return query.aggregate ? aggregateSeries(series, query.aggregate) : series;
  }
}
