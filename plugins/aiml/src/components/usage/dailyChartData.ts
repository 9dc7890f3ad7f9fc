import type {
  AcceleratorTypeDailyCost,
  CostDaySpan,
  CostFigures,
} from '@eks-aiml/plugin-aiml-common';
import { priceSourcesLabel } from './priceSources';

/** One day of a usage report. */
export type Day = CostDaySpan & CostFigures;

/** A chart's row of one day: busy and idle spend, efficiency in %, spend per accelerator type (`type<k>`), the prices used. */
export type DailyChartRow = Record<string, number | string | null>;

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * The rows the daily charts draw: money rounded to cents, efficiency in percent, and
 * with `types` the spend of the k-th accelerator type as `type<k>`.
 */
export function dailyChartData(
  days: Day[],
  types: AcceleratorTypeDailyCost[] | undefined,
): DailyChartRow[] {
  return days.map((d, i) => {
    const row: DailyChartRow = {
      date: d.date,
      busySpend: round2(d.spend - d.idleSpend),
      idleSpend: round2(d.idleSpend),
      efficiency: d.efficiency === null ? null : round2(d.efficiency * 100),
      prices: priceSourcesLabel(d.priceSources),
    };
    types?.forEach((t, k) => {
      row[`type${k}`] = round2(t.days[i]?.spend ?? 0);
    });
    return row;
  });
}
