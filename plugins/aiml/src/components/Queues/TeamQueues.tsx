import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { aimlApiRef } from '../../api';
import { QueueResourceTable } from './QueueResourceTable';

/**
 * A team's Kueue queues, one per cluster with `scheduling: kueue`: nominal quota,
 * in use, borrowed, lent and what it could admit now, pending and admitted
 * workloads. Nothing when no cluster queues with Kueue.
 *
 * @public
 */
export const TeamQueues = (props: { team: string }) => {
  const api = useApi(aimlApiRef);
  const { value, error } = useAsync(
    () => api.getTeamQueues(props.team),
    [api, props.team],
  );
  if (error) {
    return (
      <InfoCard title="Queues">
        <ResponseErrorPanel error={error} />
      </InfoCard>
    );
  }
  if (!value || value.queues.length === 0) return null;
  return (
    <InfoCard
      title={`Queues of ${value.team}`}
      subheader="Kueue: the team's nominal quota per flavor, what it borrows from the cohort and lends to it"
    >
      {value.queues.map(q => (
        <Box key={q.cluster} mb={2}>
          <Typography variant="subtitle1" component="h3">
            {q.cluster}: {q.clusterQueue}
            {q.cohort ? ` in cohort ${q.cohort}` : ''}
          </Typography>
          {q.error ? (
            <Typography color="error">{q.error}</Typography>
          ) : (
            <>
              <Typography variant="body2">
                {q.pendingWorkloads} pending, {q.admittedWorkloads} admitted
                {q.fairSharingWeight
                  ? `; fair-sharing weight ${q.fairSharingWeight}`
                  : ''}
              </Typography>
              <QueueResourceTable
                rows={q.resources}
                label={`Queue ${q.clusterQueue} on ${q.cluster}`}
              />
            </>
          )}
        </Box>
      ))}
    </InfoCard>
  );
};
