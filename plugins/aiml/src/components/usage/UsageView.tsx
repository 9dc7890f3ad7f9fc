import { Box, Grid, Typography } from '@material-ui/core';
import type { AimlUsageTarget } from '../../api';
import { AcceleratorTypesTable } from './AcceleratorTypesTable';
import { DailyUsage } from './DailyUsage';
import {
  figureChanges,
  singleResource,
  subjectFigures,
  UsageSubject,
} from './figures';
import { NamespaceLabelTables } from './NamespaceLabelTable';
import { ProjectsTable } from './ProjectsTable';
import { SummaryTiles } from './SummaryTiles';
import { TeamQueuesTable } from './TeamQueuesTable';
import {
  UnpricedWarning,
  UsageEmpty,
  UsageError,
  UsageSkeleton,
} from './UsageStates';
import { WorkloadsTable } from './WorkloadsTable';
import { UsageState } from '../../hooks/useUsage';
import { UsageToolbar } from './UsageToolbar';

const DAY_MS = 86_400_000;

/** A team's or a project's usage and spend over a chosen period. */
export const UsageView = (props: {
  subject: Exclude<UsageSubject, { kind: 'report' }>;
  state: UsageState;
  target: AimlUsageTarget;
  emptyTitle: string;
  emptyDescription: string;
}) => {
  const { subject, state, target } = props;
  const { usage } = state;
  const report = usage?.report;

  let body: JSX.Element;
  if (state.error) {
    body = <UsageError error={state.error} />;
  } else if (!usage || !report) {
    body = <UsageSkeleton />;
  } else {
    const figures = subjectFigures(report, subject);
    const resource = singleResource(report);
    const days =
      (subject.kind === 'team'
        ? report.daily.byTeam.find(t => t.team === subject.team)?.days
        : undefined) ?? report.daily.overall;
    const queues =
      subject.kind === 'team'
        ? (report.byTeamQueue ?? []).filter(q => q.team === subject.team)
        : [];
    const workloads = report.byWorkload.filter(
      w => subject.kind !== 'project' || w.project === subject.project,
    );
    if (figures.allocatedHours === 0 && figures.spend === 0) {
      body = (
        <UsageEmpty
          title={props.emptyTitle}
          description={props.emptyDescription}
        />
      );
    } else {
      body = (
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <SummaryTiles
              figures={figures}
              currency={report.currency}
              changes={figureChanges(usage, state.previous, subject)}
              resource={resource}
              budget={usage.budget}
              periodDays={
                (report.window.endMs - report.window.startMs) / DAY_MS
              }
            />
          </Grid>
          {report.unpriced.length > 0 && (
            <Grid item xs={12}>
              <UnpricedWarning report={report} />
            </Grid>
          )}
          <Grid item xs={12}>
            <DailyUsage
              days={days}
              currency={report.currency}
              resource={resource}
              byAcceleratorType={report.daily.byAcceleratorType}
            />
          </Grid>
          {subject.kind === 'team' && (
            <>
              <Grid item xs={12}>
                <ProjectsTable
                  report={report}
                  team={subject.team}
                  resource={resource}
                />
              </Grid>
              <NamespaceLabelTables report={report} resource={resource} />
            </>
          )}
          {queues.length > 0 && (
            <Grid item xs={12}>
              <TeamQueuesTable rows={queues} currency={report.currency} />
            </Grid>
          )}
          {workloads.length > 0 && (
            <Grid item xs={12}>
              <WorkloadsTable
                rows={workloads}
                currency={report.currency}
                resource={resource}
              />
            </Grid>
          )}
          <Grid item xs={12}>
            <AcceleratorTypesTable report={report} />
          </Grid>
          {usage.priceSource && (
            <Grid item xs={12}>
              <Typography variant="caption">
                Prices: {usage.priceSource} ({report.currency})
              </Typography>
            </Grid>
          )}
        </Grid>
      );
    }
  }

  return (
    <Box>
      <Box mb={2}>
        <UsageToolbar state={state} target={target} />
      </Box>
      {body}
    </Box>
  );
};
