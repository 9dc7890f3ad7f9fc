import { InputError } from '@backstage/errors';

const DAY_MS = 86_400_000;

/** The default window: the last 30 full days. */
export const DEFAULT_USAGE_DAYS = 30;
/** The longest window the API computes. */
export const MAX_USAGE_DAYS = 180;
/** How far back a window may start by default (`aiml.usage.maxHistoryDays`). */
export const DEFAULT_MAX_HISTORY_DAYS = 400;
/**
 * At most this many steps per window (a week of minutes): minute steps up to 7 days,
 * coarser beyond. Samples are averaged over each step (avg_over_time), so the integrals
 * stay time-weighted whatever the step.
 */
const MAX_STEPS = 10_080;
/** Steps (seconds) that divide an hour, in whole minutes (the sandbox's native sample). */
const STEPS = [60, 120, 180, 240, 300, 360, 600, 720, 900, 1200, 1800, 3600];

/** A usage window: `[from, to)` in UTC, whole days. */
export interface UsageWindow {
  /** First day, `YYYY-MM-DD`. */
  from: string;
  /** The day after the last, `YYYY-MM-DD` (exclusive). */
  to: string;
  startMs: number;
  endMs: number;
  /** The sampling step: 60 s up to 7 days, coarser beyond (at most 10,080 steps). */
  stepSeconds: number;
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function parseDate(name: string, value: unknown): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') {
    throw new InputError(
      `${name} must be given once, as a date YYYY-MM-DD (UTC)`,
    );
  }
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? Date.parse(`${value}T00:00:00Z`)
    : NaN;
  if (Number.isNaN(ms) || isoDate(ms) !== value) {
    throw new InputError(
      `${name} must be a date YYYY-MM-DD (UTC), e.g. ${name}=2026-06-01; got "${value}"`,
    );
  }
  return ms;
}

/** The finest step that keeps a window of this length under the step limit. */
export function usageStepSeconds(lengthMs: number): number {
  return (
    STEPS.find(s => lengthMs / (s * 1000) <= MAX_STEPS) ??
    STEPS[STEPS.length - 1]
  );
}

/** A window from epoch ms at whole days. */
export function usageWindow(startMs: number, endMs: number): UsageWindow {
  return {
    from: isoDate(startMs),
    to: isoDate(endMs),
    startMs,
    endMs,
    stepSeconds: usageStepSeconds(endMs - startMs),
  };
}

/**
 * Reads `from` and `to` of a usage request: `[from, to)`, ISO dates in UTC. Without
 * them, the last 30 full days before today (by `nowMs`, the sandbox clock in sandbox
 * mode); `from` alone runs to today, `to` alone covers the 30 days before it. Throws
 * InputError saying what to fix for malformed dates, inverted or empty ranges, ranges
 * over 180 days, ranges that end after today, and ranges that start more than
 * `maxHistoryDays` (`aiml.usage.maxHistoryDays`, default 400) before today.
 */
export function parseUsageWindow(
  query: { from?: unknown; to?: unknown },
  nowMs: number,
  maxHistoryDays: number = DEFAULT_MAX_HISTORY_DAYS,
): UsageWindow {
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
  const from = parseDate('from', query.from);
  let to = parseDate('to', query.to);
  if (to === undefined) {
    to = from !== undefined && from >= today ? from + DAY_MS : today;
  }
  const start = from ?? to - DEFAULT_USAGE_DAYS * DAY_MS;
  if (start >= to) {
    throw new InputError(
      `from (${isoDate(start)}) must be before to (${isoDate(
        to,
      )}): the range is [from, to), so to is the day after the last day`,
    );
  }
  if (to > today + DAY_MS) {
    throw new InputError(
      `to (${isoDate(to)}) is in the future: it may be at most ${isoDate(
        today + DAY_MS,
      )} (the day after today, UTC)`,
    );
  }
  const earliest = today - maxHistoryDays * DAY_MS;
  if (start < earliest) {
    throw new InputError(
      `from (${isoDate(
        start,
      )}) is more than ${maxHistoryDays} days before today: ask for a range starting on ${isoDate(
        earliest,
      )} or later (the limit is aiml.usage.maxHistoryDays)`,
    );
  }
  const days = (to - start) / DAY_MS;
  if (days > MAX_USAGE_DAYS) {
    throw new InputError(
      `the range ${isoDate(start)} to ${isoDate(
        to,
      )} covers ${days} days; ask for at most ${MAX_USAGE_DAYS} days`,
    );
  }
  return usageWindow(start, to);
}
