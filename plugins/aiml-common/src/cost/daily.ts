import type { CostDaySpan } from './types';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * A run of consecutive steps that fall in one UTC day, each weighing `hours`.
 * A step that straddles midnight gives one piece per day it touches, each with
 * its share of the step's hours.
 *
 * @internal
 */
export interface StepPiece {
  /** Index into the calendar's days. */
  day: number;
  /** First step (inclusive). */
  from: number;
  /** Last step (exclusive). */
  to: number;
  /** Hours each step of the piece contributes. */
  hours: number;
  /** True for the first piece covering these steps (so samples are counted once). */
  counts: boolean;
}

/**
 * The UTC days of a window and the pieces of steps in each.
 *
 * @internal
 */
export interface UtcCalendar {
  days: CostDaySpan[];
  pieces: StepPiece[];
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Splits `steps` steps of `stepSeconds` from `startMs` into UTC days.
 *
 * @internal
 */
export function utcCalendar(
  startMs: number,
  stepSeconds: number,
  steps: number,
): UtcCalendar {
  const stepMs = stepSeconds * 1000;
  const endMs = startMs + steps * stepMs;
  const days: CostDaySpan[] = [];
  const pieces: StepPiece[] = [];
  let lastDayStart = NaN;
  const dayIndex = (t: number) => {
    const dayStart = Math.floor(t / DAY_MS) * DAY_MS;
    if (dayStart !== lastDayStart) {
      lastDayStart = dayStart;
      days.push({
        date: isoDate(dayStart),
        startMs: Math.max(dayStart, startMs),
        endMs: Math.min(dayStart + DAY_MS, endMs),
      });
    }
    return days.length - 1;
  };
  let k = 0;
  while (k < steps) {
    const t = startMs + k * stepMs;
    const day = dayIndex(t);
    const dayEnd = Math.floor(t / DAY_MS) * DAY_MS + DAY_MS;
    const whole = Math.min(Math.floor((dayEnd - t) / stepMs), steps - k);
    if (whole > 0) {
      pieces.push({
        day,
        from: k,
        to: k + whole,
        hours: stepSeconds / 3600,
        counts: true,
      });
      k += whole;
      continue;
    }
    // Step k straddles midnight: give each day it touches its share.
    let s = t;
    const e = t + stepMs;
    let first = true;
    while (s < e) {
      const d = dayIndex(s);
      const until = Math.min(e, Math.floor(s / DAY_MS) * DAY_MS + DAY_MS);
      pieces.push({
        day: d,
        from: k,
        to: k + 1,
        hours: (until - s) / HOUR_MS,
        counts: first,
      });
      first = false;
      s = until;
    }
    k += 1;
  }
  return { days, pieces };
}
