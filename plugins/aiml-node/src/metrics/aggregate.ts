import type { RangeAggregation, RangeSeries } from './types';

/**
 * Combines series per step as PromQL's
 * `<op> by (<by>) (clamp(<series>, min, max))` does: each value clamped, then summed or
 * averaged over the series of a group with a value in the step (NaN where none has);
 * a result keeps only the `by` labels that are not empty.
 *
 * @public
 */
export function aggregateSeries(
  series: RangeSeries[],
  aggregation: RangeAggregation,
): RangeSeries[] {
  const [min, max] = aggregation.clamp;
  const groups = new Map<
    string,
    { labels: Record<string, string>; sum: Float64Array; count: Float64Array }
  >();
  for (const s of series) {
    const labels: Record<string, string> = {};
    for (const l of aggregation.by) if (s.labels[l]) labels[l] = s.labels[l];
    const key = JSON.stringify(aggregation.by.map(l => s.labels[l] ?? ''));
    let group = groups.get(key);
    if (!group) {
      const n = s.values.length;
      group = { labels, sum: new Float64Array(n), count: new Float64Array(n) };
      groups.set(key, group);
    }
    for (let i = 0; i < s.values.length; i++) {
      const v = s.values[i];
      if (Number.isNaN(v)) continue;
      group.sum[i] += v < min ? min : Math.min(v, max);
      group.count[i]++;
    }
  }
  return [...groups.values()].map(({ labels, sum, count }) => {
    for (let i = 0; i < sum.length; i++) {
      if (!count[i]) sum[i] = NaN;
      else if (aggregation.op === 'avg') sum[i] /= count[i];
    }
    return { labels, values: sum };
  });
}
