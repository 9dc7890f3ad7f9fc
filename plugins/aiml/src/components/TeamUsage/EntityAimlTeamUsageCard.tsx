import { useCallback } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { AimlUsagePeriod, aimlApiRef } from '../../api';
import { UsageCardBody } from '../usage/UsageCardBody';
import { useUsage } from '../../hooks/useUsage';
import { teamEmptyDescription } from './EntityAimlTeamUsageContent';
import { NotATeam } from './NotATeam';

/**
 * A team's accelerator spend of the last 30 days at a glance: the Group overview card.
 *
 * @public
 */
export const EntityAimlTeamUsageCard = (props: { title?: string }) => {
  const { entity } = useEntity();
  const api = useApi(aimlApiRef);
  const team = entity.metadata.name;
  const load = useCallback(
    (period: AimlUsagePeriod) => api.getTeamUsage(team, period),
    [api, team],
  );
  const state = useUsage(`team:${team}`, load);
  return (
    <InfoCard title={props.title ?? 'Accelerator spend'}>
      {entity.kind.toLocaleLowerCase('en-US') !== 'group' ? (
        <NotATeam />
      ) : (
        <UsageCardBody
          state={state}
          subject={{ kind: 'team', team }}
          emptyDescription={teamEmptyDescription(team)}
        />
      )}
    </InfoCard>
  );
};
