import type { RangeQuery, RangeReader } from '@eks-aiml/plugin-aiml-node';
import { stepAverageQuery } from './prometheus';
import { KUEUE_METRICS, loadKueueSeries } from './kueueSeries';

const window = {
  startMs: Date.UTC(2026, 6, 6),
  endMs: Date.UTC(2026, 6, 13),
  stepSeconds: 3600,
};

describe('loadKueueSeries', () => {
  it("asks for Kueue's series of the product's team queues, as PromQL step means", async () => {
    const asked: RangeQuery[] = [];
    const reader: RangeReader = {
      range: async (cluster, query) => {
        expect(cluster).toBe('c1');
        asked.push(query);
        return [
          {
            labels: { cluster_queue: 'aiml-a', metric: query.metric },
            values: new Float64Array([1]),
          },
        ];
      },
    };
    const series = await loadKueueSeries(reader, 'c1', window);
    expect(series.usage[0].labels.metric).toBe(KUEUE_METRICS.usage);
    expect(series.pending[0].labels.metric).toBe(KUEUE_METRICS.pending);
    // What the Prometheus source sends for them, with the cluster's label.
    const promql = asked.map(
      q =>
        stepAverageQuery(q, window, [
          { label: 'cluster', op: '=', value: 'c1' },
        ]).query,
    );
    expect(promql).toEqual([
      'avg_over_time(kueue_cluster_queue_resource_usage{cluster="c1",cluster_queue=~"aiml-.+",resource=~"nvidia\\\\.com/gpu|aws\\\\.amazon\\\\.com/neuroncore|aws\\\\.amazon\\\\.com/neuron"}[3600000ms])',
      'avg_over_time(kueue_cluster_queue_nominal_quota{cluster="c1",cluster_queue=~"aiml-.+",resource=~"nvidia\\\\.com/gpu|aws\\\\.amazon\\\\.com/neuroncore|aws\\\\.amazon\\\\.com/neuron"}[3600000ms])',
      'avg_over_time(kueue_admission_wait_time_seconds_sum{cluster="c1",cluster_queue=~"aiml-.+"}[3600000ms])',
      'avg_over_time(kueue_admission_wait_time_seconds_count{cluster="c1",cluster_queue=~"aiml-.+"}[3600000ms])',
      'avg_over_time(kueue_pending_workloads{cluster="c1",cluster_queue=~"aiml-.+"}[3600000ms])',
    ]);
  });
});
