import { NotFoundError } from '@backstage/errors';
import {
  AimlClock,
  MetricsWindow,
  RangeQuery,
  RangeReader,
  RangeSeries,
  WorkerPool,
} from '@eks-aiml/plugin-aiml-node';
import { SandboxMetrics } from '@eks-aiml/sandbox';
import { sandboxRange } from './sandboxSeries';
import { SandboxSeriesRequest } from './sandboxSeriesWorker';

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
  /**
   * @param workers - generate the series in these worker threads (the generator is
   *   CPU-bound: in the backend's event loop it would hold up every other request);
   *   without, in this thread
   */
  constructor(
    private readonly metrics: SandboxMetrics,
    private readonly clock: AimlClock,
    private readonly workers?: WorkerPool<SandboxSeriesRequest, RangeSeries[]>,
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
    const nowMs = this.clock.nowMs();
    if (!this.workers) {
      return sandboxRange(this.metrics, cluster, query, window, nowMs);
    }
    return this.workers.run({
      seed: this.metrics.seed,
      cluster,
      query,
      window,
      nowMs,
    });
  }
}
