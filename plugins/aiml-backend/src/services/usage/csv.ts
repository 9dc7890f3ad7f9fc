import type { CostReport } from '@eks-aiml/plugin-aiml-common';

const cell = (v: string | number | null) => {
  if (v === null) return '';
  const text = String(v);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
const hours = (v: number) => v.toFixed(3);
const money = (v: number) => v.toFixed(2);
const ratio = (v: number | null) => (v === null ? null : v.toFixed(4));

/**
 * A report's daily series as CSV (RFC 4180, one row per UTC day): per team for team
 * and project views (`team` column), with node capacity and cost for fleet and cluster
 * views (a row per day of the whole scope, then a row per team and day).
 */
export function usageCsv(report: CostReport, fleet: boolean): string {
  const header = [
    'date',
    'team',
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
  const rows: Array<Array<string | number | null>> = [];
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
  for (const t of report.daily.byTeam) {
    for (const d of t.days) {
      rows.push([
        d.date,
        t.team,
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
  return `${[header, ...rows]
    .map(r => r.map(cell).join(','))
    .join('\r\n')}\r\n`;
}
