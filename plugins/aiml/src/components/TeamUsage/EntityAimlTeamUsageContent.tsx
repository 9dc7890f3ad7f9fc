import { useCallback } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { AimlUsagePeriod, aimlApiRef } from '../../api';
import { useUsage } from '../../hooks/useUsage';
import { TeamQueues } from '../Queues';
import { UsageView } from '../usage/UsageView';
import { NotATeam } from './NotATeam';

/** How a team's usage is found, for the empty state. */
export function teamEmptyDescription(team: string): string {
  return `Usage counts pods in namespaces labelled team=${team} and app.kubernetes.io/managed-by=eks-aiml (golden-path templates create them) on the clusters under aiml.clusters, and needs a metrics source for each cluster (aiml.clusters[].metrics.type: prometheus, or a source a backend module adds, such as sandbox).`;
}

/**
 * A team's accelerator usage and spend: the Group page tab.
 *
 * @public
 */
export const EntityAimlTeamUsageContent = () => {
  const { entity } = useEntity();
  const api = useApi(aimlApiRef);
  const team = entity.metadata.name;
  const load = useCallback(
    (period: AimlUsagePeriod) => api.getTeamUsage(team, period),
    [api, team],
  );
  const state = useUsage(`team:${team}`, load);
  if (entity.kind.toLocaleLowerCase('en-US') !== 'group') return <NotATeam />;
  return (
    <>
      <UsageView
        subject={{ kind: 'team', team }}
        state={state}
        target={{ kind: 'team', team }}
        emptyTitle={`No accelerator usage for team ${team} in this period`}
        emptyDescription={teamEmptyDescription(team)}
      />
      <TeamQueues team={team} />
    </>
  );
};
