import { useReducer, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  aimlAccessBreakGlassPermission,
  aimlAccessRequestPermission,
} from '@eks-aiml/plugin-aiml-common';
import {
  Box,
  Divider,
  MenuItem,
  TextField,
  Typography,
} from '@material-ui/core';
import { aimlApiRef } from '../../api';
import { teamResourceRef, teamsOfOwnership } from '../../lib/entity';
import { usePermitted } from '../../hooks/usePermitted';
import { GrantList } from './GrantList';
import { RequestAccessForm } from './RequestAccessForm';

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
 * download (token clusters) or the AWS CLI command (access-entry clusters), revoke.
 * The backend decides; its denials are shown as it words them.
 *
 * @public
 */
export const ClusterAccessCard = (props: ClusterAccessCardProps) => {
  const { title = 'Cluster access' } = props;
  const api = useApi(aimlApiRef);
  const identityApi = useApi(identityApiRef);
  const identity = useAsync(() => identityApi.getBackstageIdentity(), []);
  const clusters = useAsync(() => api.listClusters(), []);
  const myTeams = teamsOfOwnership(identity.value?.ownershipEntityRefs ?? []);
  const [chosenTeam, setChosenTeam] = useState<string>();
  const team = props.team ?? chosenTeam ?? myTeams[0];
  // The team's own grants from the backend: on a busy portal a page of everyone's
  // newest grants could leave this team's out.
  // A change (grant, revoke) always reloads: useAsyncRetry's retry does nothing while a
  // load is in flight, which left a new grant out of a list loaded just before it.
  const [version, reload] = useReducer((n: number) => n + 1, 0);
  const grants = useAsync(
    async () => (team ? api.listGrants({ team }) : []),
    [api, team, version],
  );

  const requestPermission = usePermitted(
    aimlAccessRequestPermission,
    team ? teamResourceRef(team) : undefined,
  );
  const breakGlassPermission = usePermitted(aimlAccessBreakGlassPermission);

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
          <Box mb={2} maxWidth={320}>
            <TextField
              select
              fullWidth
              id="aiml-access-team"
              label="Team"
              value={team}
              onChange={e => setChosenTeam(e.target.value)}
            >
              {myTeams.map(t => (
                <MenuItem key={t} value={t}>
                  {t}
                </MenuItem>
              ))}
            </TextField>
          </Box>
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
