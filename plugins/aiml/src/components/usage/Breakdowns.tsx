import { Table, TableColumn } from '@backstage/core-components';
import {
  AcceleratorTypeCostRow,
  CostFigures,
  CostReport,
  WorkloadCostRow,
} from '@eks-aiml/plugin-aiml-common';
import { Typography } from '@material-ui/core';
import { formatHours, formatMoney, formatPercent } from '../../lib/format';
import { acceleratorName } from './figures';

const byNumber =
  <T extends CostFigures>(key: keyof CostFigures) =>
  (a: T, b: T) =>
    ((a[key] as number | null) ?? -1) - ((b[key] as number | null) ?? -1);

/** The money and hour columns every breakdown shares. */
function figureColumns<T extends CostFigures>(
  currency: string,
  resourceOf: (row: T) => string | undefined,
): TableColumn<T>[] {
  return [
    {
      title: `Spend (${currency})`,
      field: 'spend',
      type: 'numeric',
      defaultSort: 'desc',
      customSort: byNumber<T>('spend'),
      render: row => formatMoney(row.spend, currency),
    },
    {
      title: `Idle spend (${currency})`,
      field: 'idleSpend',
      type: 'numeric',
      customSort: byNumber<T>('idleSpend'),
      render: row => formatMoney(row.idleSpend, currency),
    },
    {
      title: 'Efficiency',
      field: 'efficiency',
      type: 'numeric',
      customSort: byNumber<T>('efficiency'),
      render: row => formatPercent(row.efficiency),
    },
    {
      title: 'Allocated',
      field: 'allocatedHours',
      type: 'numeric',
      customSort: byNumber<T>('allocatedHours'),
      render: row => formatHours(row.allocatedHours, resourceOf(row)),
    },
    {
      title: 'Busy',
      field: 'busyHours',
      type: 'numeric',
      customSort: byNumber<T>('busyHours'),
      render: row => formatHours(row.busyHours, resourceOf(row)),
    },
  ];
}

/** Options of every figures table: all rows, sortable, no search or column dragging. */
export const tableOptions = {
  paging: false,
  search: false,
  padding: 'dense' as const,
  draggable: false,
};

/** Projects of a team by spend and idle spend (sortable). */
export const ProjectsTable = (props: {
  report: CostReport;
  team?: string;
  resource?: string;
}) => {
  const { report, team, resource } = props;
  const rows = report.byProject
    .filter(r => !team || r.team === team)
    .map(r => ({ ...r, id: `${r.team}/${r.project ?? ''}` }));
  return (
    <Table
      title="Projects"
      subtitle="Click a column to sort by spend, idle spend or efficiency"
      options={tableOptions}
      data={rows}
      emptyContent={
        <Typography variant="body2" style={{ padding: 16 }}>
          No project usage: workloads count for a project when their pods carry
          the label backstage.io/kubernetes-id=&lt;component name&gt;.
        </Typography>
      }
      columns={[
        {
          title: 'Project',
          field: 'project',
          render: r => r.project ?? '(pods without a project label)',
        },
        ...(team ? [] : [{ title: 'Team', field: 'team' as const }]),
        ...figureColumns<(typeof rows)[number]>(
          report.currency,
          () => resource,
        ),
      ]}
    />
  );
};

/** Workloads by spend and idle spend (sortable), when the backend breaks them down. */
export const WorkloadsTable = (props: {
  rows: WorkloadCostRow[];
  currency: string;
  resource?: string;
}) => {
  const rows = props.rows.map(r => ({
    ...r,
    id: `${r.cluster}/${r.namespace}/${r.workload}`,
  }));
  return (
    <Table
      title="Workloads"
      options={tableOptions}
      data={rows}
      columns={[
        {
          title: 'Workload',
          field: 'workload',
          render: r => `${r.kind ? `${r.kind}/` : ''}${r.workload}`,
        },
        { title: 'Namespace', field: 'namespace' },
        { title: 'Cluster', field: 'cluster' },
        ...figureColumns<(typeof rows)[number]>(
          props.currency,
          () => props.resource,
        ),
      ]}
    />
  );
};

/** Usage by accelerator type, each in its own unit (GPUs or NeuronCores). */
export const AcceleratorTypesTable = (props: { report: CostReport }) => {
  const { report } = props;
  const rows = report.byAcceleratorType.map(r => ({
    ...r,
    id: `${r.resource}/${r.acceleratorType}`,
  }));
  return (
    <Table
      title="By accelerator type"
      options={tableOptions}
      data={rows}
      columns={[
        {
          title: 'Accelerator',
          field: 'acceleratorType',
          render: r => acceleratorName(r.acceleratorType),
        },
        ...figureColumns<AcceleratorTypeCostRow & { id: string }>(
          report.currency,
          r => r.resource,
        ),
      ]}
    />
  );
};
