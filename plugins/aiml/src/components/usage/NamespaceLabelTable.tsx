import { Table } from '@backstage/core-components';
import type { CostFigures, CostReport } from '@eks-aiml/plugin-aiml-common';
import { Grid } from '@material-ui/core';
import { figureColumns, tableOptions } from './figureColumns';

/** The namespace labels usage is broken down by. */
export type NamespaceLabelBreakdown = 'cost-center' | 'workload-type';

/** How a breakdown is titled, and its rows keyed by the label's value. */
const BREAKDOWNS: Record<
  NamespaceLabelBreakdown,
  {
    title: string;
    column: string;
    rows: (report: CostReport) => Array<CostFigures & { value: string | null }>;
  }
> = {
  'cost-center': {
    title: 'By cost center',
    column: 'Cost center',
    rows: report =>
      report.byCostCenter.map(r => ({ ...r, value: r.costCenter })),
  },
  'workload-type': {
    title: 'By workload type',
    column: 'Workload type',
    rows: report =>
      report.byWorkloadType.map(r => ({ ...r, value: r.workloadType })),
  },
};

/**
 * Usage by a label of the pods' namespaces (`cost-center` or `workload-type`, as
 * provisioning writes them); namespaces without it, or not managed by the product, are
 * one "unlabelled" row.
 */
export const NamespaceLabelTable = (props: {
  report: CostReport;
  by: NamespaceLabelBreakdown;
  resource?: string;
}) => {
  const { report, by, resource } = props;
  const breakdown = BREAKDOWNS[by];
  const rows = breakdown
    .rows(report)
    .map(r => ({ ...r, id: r.value ?? '', label: r.value ?? 'unlabelled' }));
  return (
    <Table
      title={breakdown.title}
      subtitle={`The ${by} label of the managed namespaces`}
      options={tableOptions}
      data={rows}
      columns={[
        { title: breakdown.column, field: 'label' },
        ...figureColumns<(typeof rows)[number]>(
          report.currency,
          () => resource,
        ),
      ]}
    />
  );
};

/** Usage by cost center and by workload type, side by side on the widest screens. */
export const NamespaceLabelTables = (props: {
  report: CostReport;
  resource?: string;
}) => (
  <>
    {(['cost-center', 'workload-type'] as const).map(by => (
      <Grid item xs={12} xl={6} key={by}>
        <NamespaceLabelTable {...props} by={by} />
      </Grid>
    ))}
  </>
);
