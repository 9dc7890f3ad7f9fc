import { promqlSelector, promqlString, stepAverageQuery } from './promql';

const START = Date.parse('2026-06-01T00:00:00Z');

describe('promql', () => {
  it('writes selectors with escaped string literals', () => {
    expect(promqlString('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
    expect(
      promqlSelector(
        {
          metric: 'kube_pod_info',
          matchers: [{ label: 'pod', op: '=~', value: 'a\\.1|b' }],
        },
        [{ label: 'cluster', op: '=', value: 'ml-prod' }],
      ),
    ).toBe('kube_pod_info{cluster="ml-prod",pod=~"a\\\\.1|b"}');
    expect(promqlSelector({ metric: 'kube_node_labels' })).toBe(
      'kube_node_labels{}',
    );
  });

  it('evaluates avg_over_time at each step end minus 1 ms, one point per step', () => {
    const q = stepAverageQuery(
      { metric: 'up' },
      { startMs: START, endMs: START + 3 * 3_600_000, stepSeconds: 3600 },
    );
    expect(q).toEqual({
      query: 'avg_over_time(up{}[3600000ms])',
      start: String((START + 3_600_000 - 1) / 1000),
      end: String((START + 3 * 3_600_000 - 1) / 1000),
      step: '3600',
    });
    // 3 evaluations: (end - start) / step + 1.
    expect((Number(q.end) - Number(q.start)) / Number(q.step) + 1).toBe(3);
  });

  it('combines series per step when the query says so', () => {
    const q = stepAverageQuery(
      {
        metric: 'neuroncore_utilization_ratio',
        aggregate: { op: 'sum', by: ['node', 'instance_id'], clamp: [0, 1] },
      },
      { startMs: START, endMs: START + 3_600_000, stepSeconds: 300 },
    );
    expect(q.query).toBe(
      'sum by (node,instance_id) (clamp(avg_over_time(neuroncore_utilization_ratio{}[300000ms]), 0, 1))',
    );
  });

  it('keeps 90 days at the usage API step under the 11,000-point limit, and refuses more', () => {
    const day = 86_400_000;
    expect(() =>
      stepAverageQuery(
        { metric: 'up' },
        { startMs: START, endMs: START + 90 * day, stepSeconds: 900 },
      ),
    ).not.toThrow();
    expect(() =>
      stepAverageQuery(
        { metric: 'up' },
        { startMs: START, endMs: START + 90 * day, stepSeconds: 60 },
      ),
    ).toThrow(/at most 11000 points per series/);
  });
});
