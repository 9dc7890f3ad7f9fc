import { Table } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  costChange,
  CostReport,
  TeamCostRow,
} from '@eks-aiml/plugin-aiml-common';
import { Typography } from '@material-ui/core';
import type { AimlTeamChange } from '../../api';
import {
  formatChange,
  formatHours,
  formatMoney,
  formatPercent,
} from '../../lib/format';
import { tableOptions } from '../usage/figureColumns';

interface TeamRow extends TeamCostRow {
  id: string;
  idleShare: number | null;
  change: number | null;
}

const num = (v: number | null) => (v === null ? -Infinity : v);
const sortBy = (key: keyof TeamRow) => (a: TeamRow, b: TeamRow) =>
  num(a[key] as number | null) - num(b[key] as number | null);

/**
 * The relative change of a team's spend: from the backend's `teamChanges`, else from
 * the previous period's report, else unknown (null).
 */
function spendChange(
  row: TeamCostRow,
  currency: string,
  teamChanges?: AimlTeamChange[],
  previous?: CostReport,
): number | null {
  if (teamChanges) {
    return teamChanges.find(c => c.team === row.team)?.spend.relative ?? null;
  }
  if (!previous || previous.currency !== currency) return null;
  const before = previous.byTeam.find(p => p.team === row.team)?.spend ?? 0;
  return costChange(row.spend, before).relative;
}

/** The teams the user may see, side by side and sortable. */
export const TeamsTable = (props: {
  report: CostReport;
  teamChanges?: AimlTeamChange[];
  previous?: CostReport;
  resource?: string;
}) => {
  const { report, teamChanges, previous, resource } = props;
  const currency = report.currency;
  const rows: TeamRow[] = report.byTeam.map(r => ({
    ...r,
    id: r.team,
    idleShare: r.spend > 0 ? r.idleSpend / r.spend : null,
    change: spendChange(r, currency, teamChanges, previous),
  }));
  return (
    <Table<TeamRow>
      title="Teams"
      subtitle={`Spend and waste per team, ${currency}; click a column to sort`}
      options={tableOptions}
      data={rows}
      emptyContent={
        <Typography variant="body2" style={{ padding: 16 }}>
          No team used accelerators in this period, or you may see none: you see
          the teams you are a member of; platform-admins and finops see every
          team.
        </Typography>
      }
      columns={[
        {
          title: 'Team',
          field: 'team',
          render: r => (
            <EntityRefLink
              entityRef={{ kind: 'group', namespace: 'default', name: r.team }}
            />
          ),
        },
        {
          title: `Spend (${currency})`,
          field: 'spend',
          type: 'numeric',
          defaultSort: 'desc',
          customSort: sortBy('spend'),
          render: r => formatMoney(r.spend, currency),
        },
        {
          title: 'Change',
          field: 'change',
          type: 'numeric',
          customSort: sortBy('change'),
          render: r => formatChange(r.change),
        },
        {
          title: `Idle spend (${currency})`,
          field: 'idleSpend',
          type: 'numeric',
          customSort: sortBy('idleSpend'),
          render: r => formatMoney(r.idleSpend, currency),
        },
        {
          title: 'Idle share',
          field: 'idleShare',
          type: 'numeric',
          customSort: sortBy('idleShare'),
          render: r => formatPercent(r.idleShare),
        },
        {
          title: 'Efficiency',
          field: 'efficiency',
          type: 'numeric',
          customSort: sortBy('efficiency'),
          render: r => formatPercent(r.efficiency),
        },
        {
          title: 'Allocated',
          field: 'allocatedHours',
          type: 'numeric',
          customSort: sortBy('allocatedHours'),
          render: r => formatHours(r.allocatedHours, resource),
        },
      ]}
    />
  );
};
