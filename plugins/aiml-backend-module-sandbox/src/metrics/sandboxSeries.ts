import {
  aggregateSeries,
  MetricsWindow,
  RangeQuery,
  RangeSeries,
} from '@eks-aiml/plugin-aiml-node';
import { SandboxMetrics } from '@eks-aiml/sandbox';

/**
 * The generator's series matching a range query, averaged per step (and combined as
 * asked), cut at `nowMs`: what a Prometheus holding the sandbox fleet would answer.
 */
export function sandboxRange(
  metrics: SandboxMetrics,
  cluster: string,
  query: RangeQuery,
  window: MetricsWindow,
  nowMs: number,
): RangeSeries[] {
  const series = metrics
    .select(cluster, query.metric, query.matchers ?? [])
    .map(s => ({
      labels: { ...s.labels },
      values: metrics.sampleRange(s, window, nowMs),
    }))
    .filter(s => s.values.some(v => !Number.isNaN(v)));
  return query.aggregate ? aggregateSeries(series, query.aggregate) : series;
}
