import { Table } from '@backstage/core-components';
import type { CostReport } from '@eks-aiml/plugin-aiml-common';
import { Typography } from '@material-ui/core';
import { figureColumns, tableOptions } from './figureColumns';

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
