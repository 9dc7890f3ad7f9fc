import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { Box, Divider, Typography } from '@material-ui/core';
import { GrantList } from './GrantList';
import { isWaiting } from './grants';
import { PendingApprovals } from './PendingApprovals';
import { RequestAccessForm } from './RequestAccessForm';
import { TeamChooser } from './TeamChooser';
import { useClusterAccess } from './useClusterAccess';

/**
 * Props of the cluster access card ({@link AimlClusterAccessCard}).
 *
 * @public
 */
export interface ClusterAccessCardProps {
  /**
   * The team whose namespaces access is for. When omitted (the portal page), the
   * signed-in user's teams are offered.
   */
  team?: string;
  /** The card title. */
  title?: string;
}

/**
 * Time-bound access to a team's namespaces on the configured clusters: request
 * (cluster, level, duration, reason), active grants with a live countdown, kubeconfig
 * download (token clusters) or the AWS CLI command (access-entry clusters), revoke;
 * requests that need the team leads' approval (another team, a longer duration),
 * waiting for them, answered by them.
 * The backend decides; its denials are shown as it words them.
 *
 * @public
 */
export const ClusterAccessCard = (props: ClusterAccessCardProps) => {
  const { title = 'Cluster access' } = props;
  const {
    identity,
    clusters,
    myTeams,
    team,
    setChosenTeam,
    grants,
    reload,
    requestPermission,
    breakGlassPermission,
  } = useClusterAccess(props.team);

  const subheader = team
    ? `Time-bound access to the namespaces of team ${team}, without a ticket.`
    : 'Time-bound access to your team’s namespaces, without a ticket.';

  let body: JSX.Element;
  if (clusters.loading || identity.loading) {
    body = <Progress aria-label="Loading clusters" />;
  } else if (clusters.error) {
    body = (
      <ResponseErrorPanel
        title="Could not load the clusters"
        error={clusters.error}
      />
    );
  } else if (!clusters.value?.length) {
    body = (
      <EmptyState
        missing="info"
        title="No clusters configured"
        description="Add your EKS clusters under aiml.clusters in app-config.yaml (name, region, accountId and access.strategy); the portal only ever talks to the clusters listed there."
      />
    );
  } else if (!team) {
    body = (
      <EmptyState
        missing="info"
        title="You are not in a team"
        description="Access is granted to a team's namespaces. Ask a team lead to add you to their Group in the catalog (the User's memberOf)."
      />
    );
  } else {
    const teamGrants = grants.value ?? [];
    body = (
      <>
        {!props.team && myTeams.length > 1 && (
          <TeamChooser teams={myTeams} value={team} onChange={setChosenTeam} />
        )}
        {requestPermission.loading || breakGlassPermission.loading ? (
          <Progress />
        ) : (
          <RequestAccessForm
            key={team}
            team={team}
            clusters={clusters.value}
            mayRequest={requestPermission.allowed}
            mayBreakGlass={breakGlassPermission.allowed}
            onGranted={reload}
          />
        )}
        <Box my={2}>
          <Divider />
        </Box>
        <Typography variant="h6" component="h3" gutterBottom>
          Grants of team {team}
        </Typography>
        {grants.error && (
          <ResponseErrorPanel
            title="Could not load the grants"
            error={grants.error}
          />
        )}
        {!grants.error && !grants.value && (
          <Progress aria-label="Loading grants" />
        )}
        {!grants.error && grants.value && (
          <PendingApprovals
            grants={teamGrants.filter(isWaiting)}
            me={identity.value?.userEntityRef}
            onChanged={reload}
          />
        )}
        {!grants.error && grants.value && (
          <GrantList
            grants={teamGrants}
            clusters={clusters.value}
            me={identity.value?.userEntityRef}
            onChanged={reload}
          />
        )}
      </>
    );
  }

  return (
    <InfoCard title={title} subheader={subheader}>
      {body}
    </InfoCard>
  );
};
