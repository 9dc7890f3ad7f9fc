import { InputError } from '@backstage/errors';
import {
  AimlChargeback,
  AimlChargebackLine,
  CostFigures,
} from '@eks-aiml/plugin-aiml-common';
import type { UsageComputation } from './UsageService';

const DAY_MS = 86_400_000;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The month a chargeback covers, as the usage window `[from, to)` to compute. */
export interface ChargebackMonth {
  /** `YYYY-MM`. */
  month: string;
  /** The first of the month, `YYYY-MM-DD`. */
  from: string;
  /** The first of the next month, or tomorrow for the current month. */
  to: string;
  /** The current month: not over yet. */
  monthToDate: boolean;
}

/**
 * Reads `month` (`YYYY-MM`, UTC) of a chargeback request; throws InputError saying the
 * format for a missing, repeated or malformed month and for one that has not started.
 * How far back it may go is the usage window's rule (`aiml.usage.maxHistoryDays`).
 */
export function parseChargebackMonth(
  value: unknown,
  nowMs: number,
): ChargebackMonth {
  if (value === undefined || value === '') {
    throw new InputError(
      'month is required: give the month as YYYY-MM (UTC), e.g. month=2026-06',
    );
  }
  if (typeof value !== 'string') {
    throw new InputError('month must be given once, as YYYY-MM (UTC)');
  }
  const m = MONTH.exec(value);
  if (!m) {
    throw new InputError(
      `month must be YYYY-MM (UTC), e.g. month=2026-06; got "${value}"`,
    );
  }
  const year = Number(m[1]);
  const index = Number(m[2]) - 1;
  const startMs = Date.UTC(year, index, 1);
  const nextMs = Date.UTC(year, index + 1, 1);
  const tomorrowMs = Math.floor(nowMs / DAY_MS) * DAY_MS + DAY_MS;
  if (startMs >= tomorrowMs) {
    throw new InputError(
      `month ${value} has not started: today is ${isoDate(nowMs)} (UTC)`,
    );
  }
  return {
    month: value,
    from: isoDate(startMs),
    to: isoDate(Math.min(nextMs, tomorrowMs)),
    monthToDate: nowMs < nextMs,
  };
}

/**
 * Which prices a line used, for a column: its price sources joined by `+` (in the cost
 * model's order), or `unpriced` when none of its usage could be priced.
 */
export function linePriceSource(row: Pick<CostFigures, 'priceSources'>) {
  return row.priceSources.length
    ? row.priceSources.map(s => s.source).join('+')
    : 'unpriced';
}

const compareNullsLast = (a: string | null, b: string | null) => {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
};

/**
 * The chargeback of a month from the fleet's report of it: a line per cost center,
 * cluster and accelerator type, ordered by cost center (unlabelled last), cluster,
 * resource and accelerator type; totals of the lines and the capacity no one requested.
 */
export function chargebackOf(
  month: ChargebackMonth,
  c: Pick<UsageComputation, 'window' | 'report' | 'sources' | 'complete'> & {
    priceSource: string;
  },
): AimlChargeback {
  const { report } = c;
  const lines = [...report.chargeback]
    .sort(
      (a, b) =>
        compareNullsLast(a.costCenter, b.costCenter) ||
        compareNullsLast(a.cluster, b.cluster) ||
        compareNullsLast(a.resource, b.resource) ||
        compareNullsLast(a.acceleratorType, b.acceleratorType),
    )
    .map(
      (row): AimlChargebackLine => ({
        month: month.month,
        costCenter: row.costCenter,
        cluster: row.cluster,
        resource: row.resource,
        acceleratorType: row.acceleratorType,
        allocatedHours: row.allocatedHours,
        busyHours: row.busyHours,
        spend: row.spend,
        idleSpend: row.idleSpend,
        efficiency: row.efficiency,
        unpricedAllocatedHours: row.unpricedAllocatedHours,
        priceSource: linePriceSource(row),
        priceSources: row.priceSources,
      }),
    );
  const { totals } = report;
  return {
    month: month.month,
    window: { from: c.window.from, to: c.window.to },
    currency: report.currency,
    monthToDate: month.monthToDate,
    lines,
    totals: {
      allocatedHours: totals.allocatedHours,
      busyHours: totals.busyHours,
      spend: totals.spend,
      idleSpend: totals.idleSpend,
      unallocatedCost: totals.unallocatedCost,
      nodeCost: totals.nodeCost,
    },
    priceSource: c.priceSource,
    sources: c.sources,
    complete: c.complete,
  };
}
