import { Table } from '@backstage/core-components';
import type { TeamQueueCostRow } from '@eks-aiml/plugin-aiml-common';
import { formatHours, formatMoney, humanDuration } from '../../lib/format';
import { tableOptions } from './figureColumns';

/** A wait for people: seconds under a minute, else minutes and hours. */
export function formatWait(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  return humanDuration(Math.round(seconds / 60));
}

/**
 * A team's Kueue queues in the period (from Kueue's metrics): what it borrowed from
 * its cohort above its nominal quota, at its flavors' rates (in the spend above too),
 * and how long its workloads waited for admission.
 */
export const TeamQueuesTable = (props: {
  rows: TeamQueueCostRow[];
  currency: string;
}) => {
  const rows = props.rows.map(r => ({ ...r, id: `${r.cluster}/${r.team}` }));
  return (
    <Table
      title="Kueue: borrowed and waiting"
      subtitle="Accelerator-hours above the queue's nominal quota, priced at the flavor's rate (part of the spend above); waits from creation or requeue to admission"
      options={tableOptions}
      data={rows}
      columns={[
        { title: 'Cluster', field: 'cluster' },
        { title: 'ClusterQueue', field: 'clusterQueue' },
        {
          title: 'Borrowed',
          field: 'borrowedHours',
          type: 'numeric',
          render: r => formatHours(r.borrowedHours),
        },
        {
          title: 'Borrowed spend',
          field: 'borrowedSpend',
          type: 'numeric',
          render: r =>
            r.unpricedBorrowedHours > 0
              ? `${formatMoney(
                  r.borrowedSpend,
                  props.currency,
                )} (+ ${formatHours(r.unpricedBorrowedHours)} unpriced)`
              : formatMoney(r.borrowedSpend, props.currency),
        },
        { title: 'Admissions', field: 'admissions', type: 'numeric' },
        {
          title: 'Mean wait',
          field: 'meanWaitSeconds',
          type: 'numeric',
          render: r => formatWait(r.meanWaitSeconds),
        },
        {
          title: 'Total wait',
          field: 'waitSeconds',
          type: 'numeric',
          render: r => formatWait(r.waitSeconds),
        },
      ]}
    />
  );
};
