import {
  LabelMatcher,
  MetricsWindow,
  RangeQuery,
  windowSteps,
} from '@eks-aiml/plugin-aiml-node';

/**
 * Prometheus refuses range queries of more than 11,000 points per series. The usage
 * API's steps keep every window under 10,080 (e.g. 90 days at 900 s = 8,640 points).
 *
 * @public
 */
export const MAX_POINTS_PER_SERIES = 11_000;

/**
 * A PromQL string literal (double-quoted; backslashes and quotes escaped).
 *
 * @public
 */
export function promqlString(value: string): string {
  return `"${value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')}"`;
}

/**
 * `metric{label op "value", …}`; `extra` matchers come first.
 *
 * @public
 */
export function promqlSelector(
  query: RangeQuery,
  extra: LabelMatcher[] = [],
): string {
  const matchers = [...extra, ...(query.matchers ?? [])].map(
    m => `${m.label}${m.op}${promqlString(m.value)}`,
  );
  return `${query.metric}{${matchers.join(',')}}`;
}

/**
 * The parameters of one `/api/v1/query_range` call.
 *
 * @public
 */
export interface RangeQueryParams {
  /** The PromQL expression. */
  query: string;
  /** First evaluation time, epoch seconds (millisecond precision). */
  start: string;
  /** Last evaluation time, epoch seconds (millisecond precision). */
  end: string;
  /** Seconds between evaluations. */
  step: string;
}

/**
 * The range query giving one value per step of the window, as the sandbox source
 * does: step i covers `[start + i·step, start + (i+1)·step)` and gets the mean of the
 * samples inside it, `avg_over_time(<selector>[<step>])` (combined as the query's
 * `aggregate` says).
 *
 * Prometheus evaluates at time T over the range before it: `(T − step, T]` from
 * Prometheus 3, `[T − step, T]` (closed) in Prometheus 2. Evaluating at each step's
 * end minus one millisecond makes the range `[start_i, end_i)` exactly in Prometheus 3;
 * in Prometheus 2 a sample stamped exactly one millisecond before a step's start counts
 * in that step too (samples on whole seconds, such as the backfilled
 * sandbox's, never are; a real scrape is, about once in 60,000 steps of a 60 s scrape).
 *
 * @public
 */
export function stepAverageQuery(
  query: RangeQuery,
  window: MetricsWindow,
  extra: LabelMatcher[] = [],
): RangeQueryParams {
  const steps = windowSteps(window);
  if (steps > MAX_POINTS_PER_SERIES) {
    throw new RangeError(
      `the window has ${steps} steps of ${window.stepSeconds} s; Prometheus answers at most ${MAX_POINTS_PER_SERIES} points per series: use a coarser step`,
    );
  }
  const stepMs = window.stepSeconds * 1000;
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const average = `avg_over_time(${promqlSelector(query, extra)}[${stepMs}ms])`;
  const agg = query.aggregate;
  return {
    query: agg
      ? `${agg.op} by (${agg.by.join(',')}) (clamp(${average}, ${
          agg.clamp[0]
        }, ${agg.clamp[1]}))`
      : average,
    start: seconds(window.startMs + stepMs - 1),
    end: seconds(window.endMs - 1),
    step: String(window.stepSeconds),
  };
}
