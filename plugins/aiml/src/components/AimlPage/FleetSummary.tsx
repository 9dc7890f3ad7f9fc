import { Table } from '@backstage/core-components';
import { CostReport } from '@eks-aiml/plugin-aiml-common';
import { Box, Grid, Paper, Typography } from '@material-ui/core';
import { formatHours, formatMoney, formatPercent } from '../../lib/format';
import { acceleratorName } from '../usage/figures';
import { tableOptions } from '../usage/figureColumns';

/**
 * Capacity and its use per cluster and accelerator type, and the money identity:
 * team spend + unattributed + unallocated = the accelerator cost of the nodes.
 */
export const FleetSummary = (props: { report: CostReport }) => {
  const { report } = props;
  const { totals, currency } = report;
  const unattributedByCluster = new Map<string, number>();
  for (const u of report.unattributed) {
    unattributedByCluster.set(
      u.cluster,
      (unattributedByCluster.get(u.cluster) ?? 0) + u.spend,
    );
  }
  const rows = report.unallocated.map(u => ({
    ...u,
    id: `${u.cluster}/${u.resource}/${u.acceleratorType}`,
    allocation: u.capacityHours > 0 ? u.allocatedHours / u.capacityHours : null,
  }));
  const teamSpend = totals.spend - totals.unattributedSpend;
  const money = (v: number) => formatMoney(v, currency);
  return (
    <Box component="section" aria-label="Fleet summary">
      <Grid container spacing={2}>
        {(
          [
            [
              'Node cost',
              totals.nodeCost,
              'accelerator cost of the priced nodes',
            ],
            ['Team spend', teamSpend, 'allocated to teams'],
            [
              'Unattributed',
              totals.unattributedSpend,
              'pods in namespaces no team owns',
            ],
            [
              'Unallocated',
              totals.unallocatedCost,
              `${formatHours(totals.unallocatedHours)} nobody requested`,
            ],
          ] as Array<[string, number, string]>
        ).map(([label, value, detail]) => (
          <Grid item xs={12} sm={6} md={3} key={label}>
            <Paper variant="outlined" style={{ padding: 12, height: '100%' }}>
              <Typography
                variant="overline"
                component="h3"
                color="textSecondary"
              >
                {label} ({currency})
              </Typography>
              <Typography variant="h6" component="p">
                {money(value)}
              </Typography>
              <Typography variant="caption">{detail}</Typography>
            </Paper>
          </Grid>
        ))}
        <Grid item xs={12}>
          <Table
            title="Capacity by cluster and accelerator type"
            options={tableOptions}
            data={rows}
            emptyContent={
              <Typography variant="body2" style={{ padding: 16 }}>
                No accelerated nodes reported in this period: check each
                cluster's metrics source (aiml.clusters[].metrics).
              </Typography>
            }
            columns={[
              { title: 'Cluster', field: 'cluster', defaultSort: 'asc' },
              {
                title: 'Accelerator',
                field: 'acceleratorType',
                render: r => acceleratorName(r.acceleratorType),
              },
              {
                title: 'Capacity',
                field: 'capacityHours',
                type: 'numeric',
                render: r => formatHours(r.capacityHours, r.resource),
              },
              {
                title: 'Allocated',
                field: 'allocatedHours',
                type: 'numeric',
                render: r =>
                  `${formatHours(
                    r.allocatedHours,
                    r.resource,
                  )} (${formatPercent(r.allocation)})`,
              },
              {
                title: 'Utilization (busy ÷ capacity)',
                field: 'utilization',
                type: 'numeric',
                render: r => formatPercent(r.utilization),
              },
              {
                title: `Unallocated (${currency})`,
                field: 'unallocatedCost',
                type: 'numeric',
                render: r =>
                  `${formatHours(r.unallocatedHours, r.resource)} · ${money(
                    r.unallocatedCost,
                  )}`,
              },
              {
                title: `Node cost (${currency})`,
                field: 'nodeCost',
                type: 'numeric',
                render: r => money(r.nodeCost),
              },
              {
                title: `Unattributed, cluster (${currency})`,
                field: 'cluster',
                render: r => money(unattributedByCluster.get(r.cluster) ?? 0),
                sorting: false,
              },
            ]}
          />
        </Grid>
      </Grid>
    </Box>
  );
};
