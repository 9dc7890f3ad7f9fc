/** Series of the metrics generator and how they are sampled. */

/** The generator's native sampling interval: one sample per series per minute. */
export const NATIVE_STEP_MS = 60_000;

/**
 * A value at a minute index (epoch minutes); `sum`, when given, is the sum over minutes
 * `[from, to)` and spares sampling each minute of long steps.
 */
export type SampleFunction = ((minute: number) => number) & {
  sum?: (from: number, to: number) => number;
};

/**
 * UTC days a segment applies on: Monday to Friday, Saturday and Sunday, or a cycle of
 * `everyDays` days whose first `forDays` are on, counted from epoch day `fromDay` (`off`:
 * the days of the cycle that are not).
 */
export type SegmentDays =
  | 'weekdays'
  | 'weekends'
  | { everyDays: number; forDays: number; fromDay: number; off?: boolean };

/**
 * Part of a series' life: from `fromMs` (inclusive) to `toMs` (exclusive) the series
 * has a sample every minute, constant or given by a function of the minute; with
 * `days`, only on those UTC days (a workload scaled to zero at weekends).
 */
export interface SeriesSegment {
  fromMs: number;
  toMs: number;
  value: number | SampleFunction;
  days?: SegmentDays;
}

const DAY_MINUTES = 1440;

/** Whether an epoch minute falls on a weekday (UTC). Day 0 of the epoch is a Thursday. */
export function isWeekdayMinute(minute: number): boolean {
  const day = Math.floor(minute / DAY_MINUTES);
  return (((day + 3) % 7) + 7) % 7 < 5;
}

/** The days a segment does not apply on. */
export function otherDays(days: SegmentDays): SegmentDays {
  if (days === 'weekdays') return 'weekends';
  if (days === 'weekends') return 'weekdays';
  return { ...days, off: !days.off };
}

function onDays(days: SegmentDays | undefined, minute: number): boolean {
  if (!days) return true;
  if (typeof days === 'string') {
    return isWeekdayMinute(minute) === (days === 'weekdays');
  }
  const day = Math.floor(minute / DAY_MINUTES) - days.fromDay;
  const on = ((day % days.everyDays) + days.everyDays) % days.everyDays;
  return on < days.forDays !== !!days.off;
}

/**
 * The runs of minutes inside `[a, b)` on which a segment applies: `[a, b)` itself
 * without `days`, else the stretches of matching UTC days.
 */
function runsOf(
  days: SegmentDays | undefined,
  a: number,
  b: number,
): Array<[number, number]> {
  if (b <= a) return [];
  if (!days) return [[a, b]];
  const runs: Array<[number, number]> = [];
  for (let d = Math.floor(a / DAY_MINUTES); d * DAY_MINUTES < b; d++) {
    const start = d * DAY_MINUTES;
    if (!onDays(days, start)) continue;
    const from = Math.max(a, start);
    const to = Math.min(b, start + DAY_MINUTES);
    const last = runs[runs.length - 1];
    if (last && last[1] === from) last[1] = to;
    else runs.push([from, to]);
  }
  return runs;
}

/** One time series: a metric name, the labels the exporter emits, and its samples. */
export interface GeneratedSeries {
  name: string;
  labels: Readonly<Record<string, string>>;
  segments: ReadonlyArray<SeriesSegment>;
}

/**
 * A label matcher with PromQL semantics: a missing label matches as the empty string,
 * regular expressions are fully anchored.
 */
export interface SeriesMatcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

/** Whether a label set satisfies every matcher. */
export function matchesAll(
  labels: Readonly<Record<string, string>>,
  matchers: ReadonlyArray<SeriesMatcher>,
): boolean {
  return matchers.every(m => {
    const v = labels[m.label] ?? '';
    switch (m.op) {
      case '=':
        return v === m.value;
      case '!=':
        return v !== m.value;
      case '=~':
        return new RegExp(`^(?:${m.value})$`).test(v);
      case '!~':
      default:
        return !new RegExp(`^(?:${m.value})$`).test(v);
    }
  });
}

const firstMinute = (ms: number) => Math.ceil(ms / NATIVE_STEP_MS);

/** The sample a scrape at `tMs` reads (the latest native sample), or undefined. */
export function sampleAt(
  series: GeneratedSeries,
  tMs: number,
): number | undefined {
  const minute = Math.floor(tMs / NATIVE_STEP_MS);
  const at = minute * NATIVE_STEP_MS;
  for (const s of series.segments) {
    if (at >= s.fromMs && at < s.toMs && onDays(s.days, minute)) {
      return typeof s.value === 'number' ? s.value : s.value(minute);
    }
  }
  return undefined;
}

/**
 * `avg_over_time` per step: step i covers `[startMs + i·step, startMs + (i+1)·step)` and
 * gets the mean of the native samples inside it (the latest sample when the step is
 * shorter than a minute), or NaN when the series has none. Samples at or after
 * `untilMs` (now) do not exist yet.
 */
export function sampleRange(
  series: GeneratedSeries,
  window: { startMs: number; stepSeconds: number; steps: number },
  untilMs = Infinity,
): Float64Array {
  const { startMs, stepSeconds, steps } = window;
  const stepMs = stepSeconds * 1000;
  if (stepMs % NATIVE_STEP_MS === 0 && startMs % NATIVE_STEP_MS === 0) {
    return sampleAligned(
      series,
      startMs,
      stepMs / NATIVE_STEP_MS,
      steps,
      untilMs,
    );
  }
  const out = new Float64Array(steps).fill(NaN);
  const segments = series.segments.map(s => ({
    from: firstMinute(s.fromMs),
    to: firstMinute(Math.min(s.toMs, untilMs)),
    value: s.value,
    days: s.days,
  }));
  for (let i = 0; i < steps; i++) {
    const t = startMs + i * stepMs;
    let m0 = firstMinute(t);
    let m1 = firstMinute(t + stepMs);
    if (m1 <= m0) {
      // A step shorter than a minute: the sample in force at its start.
      m0 = Math.floor(t / NATIVE_STEP_MS);
      m1 = m0 + 1;
    }
    let sum = 0;
    let count = 0;
    for (const s of segments) {
      const a = s.from > m0 ? s.from : m0;
      const b = s.to < m1 ? s.to : m1;
      for (const [ra, rb] of runsOf(s.days, a, b)) {
        sum += sumOver(s.value, ra, rb);
        count += rb - ra;
      }
    }
    if (count > 0) out[i] = sum / count;
  }
  return out;
}

function sumOver(v: number | SampleFunction, a: number, b: number): number {
  if (typeof v === 'number') return v * (b - a);
  if (v.sum && b - a > 1) return v.sum(a, b);
  let sum = 0;
  for (let m = a; m < b; m++) sum += v(m);
  return sum;
}

/**
 * The common case: steps of whole minutes starting on a minute. Segments of a series
 * are disjoint, so a step inside a segment takes its value from that segment alone.
 */
function sampleAligned(
  series: GeneratedSeries,
  startMs: number,
  per: number,
  steps: number,
  untilMs: number,
): Float64Array {
  const first = startMs / NATIVE_STEP_MS;
  const last = first + steps * per;
  const sums = new Float64Array(steps);
  const counts = new Float64Array(steps);
  for (const s of series.segments) {
    const a0 = Math.max(firstMinute(s.fromMs), first);
    const b0 = Math.min(firstMinute(Math.min(s.toMs, untilMs)), last);
    for (const [a, b] of runsOf(s.days, a0, b0)) {
      accumulate(sums, counts, s.value, first, a - first, b - first, per);
    }
  }
  for (let i = 0; i < steps; i++) {
    sums[i] = counts[i] > 0 ? sums[i] / counts[i] : NaN;
  }
  return sums;
}

/**
 * Adds a value's minutes `[first + a, first + b)` to the sums of steps of `per` minutes
 * starting at minute `first`.
 */
function accumulate(
  sums: Float64Array,
  counts: Float64Array,
  v: number | SampleFunction,
  first: number,
  a: number,
  b: number,
  per: number,
): void {
  const i0 = Math.floor(a / per);
  const i1 = Math.ceil(b / per);
  for (let i = i0; i < i1; i++) {
    const stepStart = i * per;
    const ma = a > stepStart ? a : stepStart;
    const mb = b < stepStart + per ? b : stepStart + per;
    if (typeof v === 'number' && ma === stepStart && mb === stepStart + per) {
      // Whole steps of a constant: fill up to the run's last whole step.
      const end = Math.min(i1, Math.floor(b / per));
      sums.fill(v * per, i, end);
      counts.fill(per, i, end);
      i = end - 1;
      continue;
    }
    sums[i] += sumOver(v, first + ma, first + mb);
    counts[i] += mb - ma;
  }
}
