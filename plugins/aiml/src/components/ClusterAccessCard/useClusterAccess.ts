import { useReducer, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import {
  aimlAccessBreakGlassPermission,
  aimlAccessRequestPermission,
} from '@eks-aiml/plugin-aiml-common';
import { aimlApiRef } from '../../api';
import { usePermitted } from '../../hooks/usePermitted';
import { teamResourceRef, teamsOfOwnership } from '../../lib/entity';

/**
 * The data of the cluster access card: who is signed in and their teams, the team the
 * card is for (given, chosen, or the user's first), the clusters, the team's grants
 * with `reload`, and whether the user may request access or break glass.
 */
export function useClusterAccess(givenTeam?: string) {
  const api = useApi(aimlApiRef);
  const identityApi = useApi(identityApiRef);
  const identity = useAsync(() => identityApi.getBackstageIdentity(), []);
  const clusters = useAsync(() => api.listClusters(), []);
  const myTeams = teamsOfOwnership(identity.value?.ownershipEntityRefs ?? []);
  const [chosenTeam, setChosenTeam] = useState<string>();
  const team = givenTeam ?? chosenTeam ?? myTeams[0];
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

  return {
    identity,
    clusters,
    myTeams,
    team,
    setChosenTeam,
    grants,
    reload,
    requestPermission,
    breakGlassPermission,
  };
}
