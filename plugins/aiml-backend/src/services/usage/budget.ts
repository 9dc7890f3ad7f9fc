import { AimlBudget } from '@eks-aiml/plugin-aiml-common';
import { usageWindow, UsageWindow } from './usageWindow';

const DAY_MS = 86_400_000;

/** A team's monthly budget against its spend this month. */
export type TeamBudget = AimlBudget;

function monthBounds(nowMs: number) {
  const now = new Date(nowMs);
  const startMs = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const endMs = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  return { startMs, endMs };
}

/**
 * The usage window of the month so far: its first day to the end of today (UTC); no
 * source has samples after now, so its spend is the spend to date.
 */
export function monthToDateWindow(nowMs: number): UsageWindow {
  const tomorrow = Math.floor(nowMs / DAY_MS) * DAY_MS + DAY_MS;
  return usageWindow(monthBounds(nowMs).startMs, tomorrow);
}

/**
 * The budget figures of a month: the spend so far extrapolated linearly to the month's
 * end (a month of 30 days, 10 of them gone, with 5,000 spent forecasts 15,000).
 */
export function budgetForecast(options: {
  monthly: number;
  spendToDate: number;
  nowMs: number;
  complete: boolean;
}): TeamBudget {
  const { monthly, spendToDate, nowMs, complete } = options;
  const { startMs, endMs } = monthBounds(nowMs);
  const elapsed = nowMs - startMs;
  const forecast =
    elapsed > 0 ? (spendToDate * (endMs - startMs)) / elapsed : spendToDate;
  return {
    monthly,
    month: new Date(startMs).toISOString().slice(0, 7),
    asOf: new Date(nowMs).toISOString(),
    spendToDate,
    forecast,
    willExceed: forecast > monthly,
    complete,
  };
}
