import {
  costChange,
  CostFigures,
  AimlTeamChange,
} from '@eks-aiml/plugin-aiml-common';
import type { UsageComputation } from './UsageService';

/** How a team's headline figures changed against the previous period. */
export type TeamChange = AimlTeamChange;

const NONE: CostFigures = {
  allocatedHours: 0,
  busyHours: 0,
  spend: 0,
  idleSpend: 0,
  efficiency: null,
  unpricedAllocatedHours: 0,
  priceSources: [],
};

/** The change of every team of the report against the previous period. */
export function teamChanges(c: UsageComputation): TeamChange[] {
  return c.report.byTeam.map(row => {
    const before = c.previous.byTeam.find(p => p.team === row.team) ?? NONE;
    return {
      team: row.team,
      spend: costChange(row.spend, before.spend),
      idleSpend: costChange(row.idleSpend, before.idleSpend),
      allocatedHours: costChange(row.allocatedHours, before.allocatedHours),
      busyHours: costChange(row.busyHours, before.busyHours),
      efficiency: costChange(row.efficiency, before.efficiency),
    };
  });
}

/**
 * The JSON answer of a usage route: the cost report of the window (figures of the
 * scope), the comparison of its totals with the previous period of equal length, where
 * prices come from, and whether every cluster's usage is in it.
 */
export function usageBody(
  c: UsageComputation,
  extra: Record<string, unknown> = {},
) {
  return {
    window: { from: c.window.from, to: c.window.to },
    previousWindow: { from: c.previousWindow.from, to: c.previousWindow.to },
    report: c.report,
    comparison: c.comparison,
    previousTotals: c.previous.totals,
    priceSource: c.priceSource,
    sources: c.sources,
    complete: c.complete,
    ...extra,
  };
}
