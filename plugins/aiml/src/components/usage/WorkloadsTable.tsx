import { Table } from '@backstage/core-components';
import type { WorkloadCostRow } from '@eks-aiml/plugin-aiml-common';
import { figureColumns, tableOptions } from './figureColumns';

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
