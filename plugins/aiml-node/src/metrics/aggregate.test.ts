import { aggregateSeries } from './aggregate';

const series = (labels: Record<string, string>, values: number[]) => ({
  labels,
  values: Float64Array.from(values),
});

describe('aggregateSeries', () => {
  it('sums clamped values per group, leaving out series without a value in the step', () => {
    const out = aggregateSeries(
      [
        series({ node: 'n1', neuroncore: '0' }, [0.5, 1.2, NaN]),
        series({ node: 'n1', neuroncore: '1' }, [-0.1, 0.5, NaN]),
        series({ node: 'n2', neuroncore: '0' }, [NaN, 0.25, 1]),
      ],
      { op: 'sum', by: ['node', 'instance_id'], clamp: [0, 1] },
    );
    expect(out.map(s => [s.labels, Array.from(s.values)])).toEqual([
      [{ node: 'n1' }, [0.5, 1.5, NaN]],
      [{ node: 'n2' }, [NaN, 0.25, 1]],
    ]);
  });

  it('averages per group, as PromQL avg by () does', () => {
    const out = aggregateSeries(
      [
        series({ pod: 'a', gpu: '0' }, [0.2, 0.4]),
        series({ pod: 'a', gpu: '1' }, [0.6, NaN]),
        series({ pod: 'b', gpu: '0' }, [1.5, 0.3]),
      ],
      { op: 'avg', by: ['namespace', 'pod'], clamp: [0, 1] },
    );
    expect(out.map(s => [s.labels, Array.from(s.values)])).toEqual([
      [{ pod: 'a' }, [0.4, 0.4]],
      [{ pod: 'b' }, [1, 0.3]],
    ]);
  });
});
