import type {
  AimlChargeback,
  CostDaySpan,
  CostFigures,
  CostReport,
} from '@eks-aiml/plugin-aiml-common';

type Cell = string | number | null;

const cell = (v: Cell) => {
  if (v === null) return '';
  const text = String(v);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
const hours = (v: number) => v.toFixed(3);
const money = (v: number) => v.toFixed(2);
const ratio = (v: number | null) => (v === null ? null : v.toFixed(4));

/** RFC 4180: a header and rows, CRLF after each. */
const csv = (header: string[], rows: Cell[][]) =>
  `${[header, ...rows].map(r => r.map(cell).join(',')).join('\r\n')}\r\n`;

/** How usage of namespaces without the label is named in CSV. */
export const UNLABELLED = 'unlabelled';

/** What each daily row of a usage CSV is of. */
export type UsageCsvBreakdown = 'team' | 'cost-center' | 'workload-type';

/** The group column and daily series of a breakdown. */
function dailyGroups(
  report: CostReport,
  by: UsageCsvBreakdown,
): {
  column: string;
  groups: Array<{ name: string; days: Array<CostDaySpan & CostFigures> }>;
} {
  switch (by) {
    case 'cost-center':
      return {
        column: 'cost_center',
        groups: report.daily.byCostCenter.map(s => ({
          name: s.costCenter ?? UNLABELLED,
          days: s.days,
        })),
      };
    case 'workload-type':
      return {
        column: 'workload_type',
        groups: report.daily.byWorkloadType.map(s => ({
          name: s.workloadType ?? UNLABELLED,
          days: s.days,
        })),
      };
    case 'team':
    default:
      return {
        column: 'team',
        groups: report.daily.byTeam.map(s => ({ name: s.team, days: s.days })),
      };
  }
}

/**
 * A report's daily series as CSV (RFC 4180, one row per UTC day): per team (`team`
 * column), cost center (`cost_center`) or workload type (`workload_type`), with node
 * capacity and cost for fleet and cluster views (a row per day of the whole scope, then
 * a row per group and day).
 */
export function usageCsv(
  report: CostReport,
  fleet: boolean,
  by: UsageCsvBreakdown = 'team',
): string {
  const { column, groups } = dailyGroups(report, by);
  const header = [
    'date',
    column,
    'allocated_hours',
    'busy_hours',
    'efficiency',
    'spend',
    'idle_spend',
    ...(fleet
      ? [
          'capacity_hours',
          'unallocated_hours',
          'node_cost',
          'unallocated_cost',
          'unattributed_spend',
        ]
      : []),
    'currency',
  ];
  const rows: Cell[][] = [];
  if (fleet) {
    for (const d of report.daily.overall) {
      rows.push([
        d.date,
        '(all)',
        hours(d.allocatedHours),
        hours(d.busyHours),
        ratio(d.efficiency),
        money(d.spend),
        money(d.idleSpend),
        hours(d.capacityHours),
        hours(d.unallocatedHours),
        money(d.nodeCost),
        money(d.unallocatedCost),
        money(d.unattributedSpend),
        report.currency,
      ]);
    }
  }
  for (const g of groups) {
    for (const d of g.days) {
      rows.push([
        d.date,
        g.name,
        hours(d.allocatedHours),
        hours(d.busyHours),
        ratio(d.efficiency),
        money(d.spend),
        money(d.idleSpend),
        ...(fleet ? ['', '', '', '', ''] : []),
        report.currency,
      ]);
    }
  }
  return csv(header, rows);
}

/** A month's chargeback as CSV: one row per line, unlabelled cost centers named so. */
export function chargebackCsv(chargeback: AimlChargeback): string {
  return csv(
    [
      'month',
      'cost_center',
      'cluster',
      'resource',
      'accelerator_type',
      'allocated_hours',
      'busy_hours',
      'efficiency',
      'spend',
      'idle_spend',
      'unpriced_allocated_hours',
      'price_source',
      'currency',
    ],
    chargeback.lines.map(l => [
      l.month,
      l.costCenter ?? UNLABELLED,
      l.cluster,
      l.resource,
      l.acceleratorType,
      hours(l.allocatedHours),
      hours(l.busyHours),
      ratio(l.efficiency),
      money(l.spend),
      money(l.idleSpend),
      hours(l.unpricedAllocatedHours),
      l.priceSource,
      chargeback.currency,
    ]),
  );
}
