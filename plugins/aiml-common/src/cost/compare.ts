import type { CostReport, CostTotals } from './types';

/**
 * How one figure changed against the previous period.
 *
 * @public
 */
export interface CostChange {
  /** The figure in the current period (null: undefined there, e.g. efficiency with nothing allocated). */
  current: number | null;
  /** The figure in the previous period. */
  previous: number | null;
  /** current − previous; null when either is null. */
  absolute: number | null;
  /** (current − previous) / previous; null when previous is 0 or either is null. */
  relative: number | null;
}

/**
 * The change of every total of a report that is a number (not the list of price
 * sources).
 *
 * @public
 */
export type CostTotalsChange = {
  [K in Exclude<keyof CostTotals, 'priceSources'>]: CostChange;
};

/**
 * A report compared with the one of the previous period.
 *
 * @public
 */
export interface CostComparison {
  /** The currency of both reports. */
  currency: string;
  /** Whether both windows have the same length, as a fair comparison needs. */
  equalLength: boolean;
  /** Change per total. */
  totals: CostTotalsChange;
}

/**
 * The change of one figure.
 *
 * @public
 */
export function costChange(
  current: number | null,
  previous: number | null,
): CostChange {
  if (current === null || previous === null) {
    return { current, previous, absolute: null, relative: null };
  }
  const absolute = current - previous;
  return {
    current,
    previous,
    absolute,
    relative: previous === 0 ? null : absolute / Math.abs(previous),
  };
}

/**
 * Compares every total of `current` with `previous` (normally the period of equal length
 * just before, see {@link previousPeriod}). Throws when the currencies differ.
 *
 * @public
 */
export function compareReports(
  current: CostReport,
  previous: CostReport,
): CostComparison {
  if (current.currency !== previous.currency) {
    throw new RangeError(
      `cannot compare reports in ${current.currency} and ${previous.currency}`,
    );
  }
  const totals = {} as CostTotalsChange;
  for (const key of Object.keys(current.totals) as Array<keyof CostTotals>) {
    if (key === 'priceSources') continue;
    totals[key] = costChange(current.totals[key], previous.totals[key]);
  }
  const length = (r: CostReport) => r.window.endMs - r.window.startMs;
  return {
    currency: current.currency,
    equalLength: length(current) === length(previous),
    totals,
  };
}

/**
 * The period of equal length that ends where `[startMs, endMs)` starts.
 *
 * @public
 */
export function previousPeriod(period: { startMs: number; endMs: number }): {
  startMs: number;
  endMs: number;
} {
  return {
    startMs: period.startMs - (period.endMs - period.startMs),
    endMs: period.startMs,
  };
}
