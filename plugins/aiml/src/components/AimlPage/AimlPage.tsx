import { useCallback } from 'react';
import { Content, Header, Page } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Grid, Typography } from '@material-ui/core';
import { AimlUsagePeriod, AimlUsageTarget, aimlApiRef } from '../../api';
import { ClusterAccessCard } from '../ClusterAccessCard';
import { AccessApprovalsCard } from '../ClusterAccessCard/AccessApprovalsCard';
import { Cohorts } from '../Queues';
import { singleResource } from '../usage/figures';
import { NamespaceLabelTables } from '../usage/NamespaceLabelTable';
import { UsageToolbar } from '../usage/UsageToolbar';
import {
  UnpricedWarning,
  UsageError,
  UsageSkeleton,
} from '../usage/UsageStates';
import { useUsage } from '../../hooks/useUsage';
import { ChargebackDownload } from './ChargebackDownload';
import { FleetSummary } from './FleetSummary';
import { TeamsTable } from './TeamsTable';

const TEAMS: AimlUsageTarget = { kind: 'teams' };

/**
 * The body of the portal page: teams side by side, the fleet summary and the access
 * card (without page header, for the new frontend system's page).
 *
 * @public
 */
export const AimlPageContent = () => {
  const api = useApi(aimlApiRef);
  const load = useCallback(
    (period: AimlUsagePeriod) => api.getTeamsUsage(period),
    [api],
  );
  const state = useUsage('teams', load);
  const report = state.usage?.report;
  const resource = report && singleResource(report);
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <UsageToolbar state={state} target={TEAMS} />
      </Grid>
      {state.error && (
        <Grid item xs={12}>
          <UsageError error={state.error} />
        </Grid>
      )}
      {!state.error && !report && (
        <Grid item xs={12}>
          <UsageSkeleton />
        </Grid>
      )}
      {!state.error && report && (
        <>
          {report.unpriced.length > 0 && (
            <Grid item xs={12}>
              <UnpricedWarning report={report} />
            </Grid>
          )}
          <Grid item xs={12}>
            <TeamsTable
              report={report}
              teamChanges={state.usage?.teamChanges}
              previous={state.previous?.report}
              resource={resource}
            />
          </Grid>
          <NamespaceLabelTables report={report} resource={resource} />
          {state.usage?.fleet !== false && (
            <Grid item xs={12}>
              <Typography variant="h5" component="h2" gutterBottom>
                Fleet
              </Typography>
              <FleetSummary report={report} />
            </Grid>
          )}
          {state.usage?.fleet === true && (
            <Grid item xs={12}>
              <Typography variant="h5" component="h2" gutterBottom>
                Chargeback
              </Typography>
              <ChargebackDownload />
            </Grid>
          )}
        </>
      )}
      <Grid item xs={12}>
        <Cohorts />
      </Grid>
      <Grid item xs={12}>
        <AccessApprovalsCard />
      </Grid>
      <Grid item xs={12}>
        <ClusterAccessCard />
      </Grid>
    </Grid>
  );
};

/**
 * The portal page (`/aiml`): accelerator spend and waste of the teams the user may see,
 * the fleet's capacity per cluster and accelerator type, and cluster access.
 *
 * @public
 */
export const AimlPage = () => (
  <Page themeId="tool">
    <Header
      title="Accelerators"
      subtitle="Usage, spend and access for AI/ML on Amazon EKS"
    />
    <Content>
      <AimlPageContent />
    </Content>
  </Page>
);
