import type { RangeSeries } from '@eks-aiml/plugin-aiml-node';

/** Treats NaN (no sample) as 0. */
const val = (v: number) => (Number.isNaN(v) ? 0 : v);

/** Per-step sum of several series (NaN counts as 0), each times its weight. */
export function sumValues(
  series: RangeSeries[],
  steps: number,
  weight?: (s: RangeSeries) => number,
): Float64Array {
  const out = new Float64Array(steps);
  for (const s of series) {
    const n = Math.min(steps, s.values.length);
    const w = weight ? weight(s) : 1;
    for (let i = 0; i < n; i++) out[i] += val(s.values[i]) * w;
  }
  return out;
}
