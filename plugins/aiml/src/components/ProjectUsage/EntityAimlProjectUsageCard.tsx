import { useCallback } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { AimlUsagePeriod, aimlApiRef } from '../../api';
import { UsageCardBody } from '../usage/UsageCardBody';
import { useUsage } from '../usage/useUsage';
import {
  projectEmptyDescription,
  projectRef,
} from './EntityAimlProjectUsageContent';

/**
 * A project's accelerator spend of the last 30 days at a glance: the Component overview card.
 *
 * @public
 */
export const EntityAimlProjectUsageCard = (props: { title?: string }) => {
  const { entity } = useEntity();
  const api = useApi(aimlApiRef);
  const { namespace, name } = projectRef(entity);
  const load = useCallback(
    (period: AimlUsagePeriod) =>
      api.getProjectUsage({ namespace, name }, period),
    [api, namespace, name],
  );
  const state = useUsage(`project:${namespace}/${name}`, load);
  return (
    <InfoCard title={props.title ?? 'Accelerator spend'}>
      <UsageCardBody
        state={state}
        subject={{ kind: 'project', project: name }}
        emptyDescription={projectEmptyDescription(entity)}
      />
    </InfoCard>
  );
};
