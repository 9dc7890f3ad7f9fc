import {
  costChange,
  CostChange,
  CostFigures,
  CostReport,
  ACCELERATOR_MODELS,
} from '@eks-aiml/plugin-aiml-common';
import type { AimlUsage } from '../../api';

/** What a usage view is about: the whole report, one team, or one project. */
export type UsageSubject =
  | { kind: 'report' }
  | { kind: 'team'; team: string }
  | { kind: 'project'; project: string };

/** The subject's row in a report that breaks it down, if there is one. */
function rowOf(
  report: CostReport,
  subject: UsageSubject,
): CostFigures | undefined {
  if (subject.kind === 'team') {
    return report.byTeam.find(r => r.team === subject.team);
  }
  if (subject.kind === 'project') {
    return report.byProject.find(r => r.project === subject.project);
  }
  return undefined;
}

/**
 * The figures of the subject in a report: its row when the report breaks it down,
 * otherwise the report's totals (a report computed for the subject alone).
 */
export function subjectFigures(
  report: CostReport,
  subject: UsageSubject,
): CostFigures {
  return rowOf(report, subject) ?? report.totals;
}

/** The changes of the headline figures against the previous period. */
export interface FigureChanges {
  spend?: CostChange;
  idleSpend?: CostChange;
  efficiency?: CostChange;
  allocatedHours?: CostChange;
  busyHours?: CostChange;
}

const zeroFigures: CostFigures = {
  allocatedHours: 0,
  busyHours: 0,
  spend: 0,
  idleSpend: 0,
  efficiency: null,
  unpricedAllocatedHours: 0,
  priceSources: [],
};

/**
 * Changes from the backend's comparison (the backend scopes team and project reports to
 * their subject, so its totals are the subject's), or computed from the previous
 * period's report the same way.
 */
export function figureChanges(
  usage: AimlUsage,
  previous: AimlUsage | undefined,
  subject: UsageSubject,
): FigureChanges {
  const row = rowOf(usage.report, subject);
  if (usage.comparison) return usage.comparison.totals;
  if (!previous || previous.report.currency !== usage.report.currency) {
    return {};
  }
  const cur = row ?? usage.report.totals;
  // A subject with a row now but none before spent nothing before.
  const prev = row
    ? rowOf(previous.report, subject) ?? zeroFigures
    : previous.report.totals;
  return {
    spend: costChange(cur.spend, prev.spend),
    idleSpend: costChange(cur.idleSpend, prev.idleSpend),
    efficiency: costChange(cur.efficiency, prev.efficiency),
    allocatedHours: costChange(cur.allocatedHours, prev.allocatedHours),
    busyHours: costChange(cur.busyHours, prev.busyHours),
  };
}

const MODELS = Object.values(ACCELERATOR_MODELS);

/** The display name of an accelerator model key. */
export function acceleratorName(type: string | null): string {
  if (!type) return 'Unknown node';
  return MODELS.find(m => m.type === type)?.displayName ?? type;
}

/** The one resource all of a report's usage is in, if there is just one (for unit names). */
export function singleResource(report: CostReport): string | undefined {
  const resources = new Set(
    [...report.byAcceleratorType, ...report.unallocated].map(r => r.resource),
  );
  return resources.size === 1 ? [...resources][0] : undefined;
}
