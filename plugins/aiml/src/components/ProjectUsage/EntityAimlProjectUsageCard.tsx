import { InfoCard } from '@backstage/core-components';
import { UsageCardBody } from '../usage/UsageCardBody';
import { useProjectUsage } from '../../hooks/useProjectUsage';

/**
 * A project's accelerator spend of the last 30 days at a glance: the Component overview card.
 *
 * @public
 */
export const EntityAimlProjectUsageCard = (props: { title?: string }) => {
  const { name, state, emptyDescription } = useProjectUsage();
  return (
    <InfoCard title={props.title ?? 'Accelerator spend'}>
      <UsageCardBody
        state={state}
        subject={{ kind: 'project', project: name }}
        emptyDescription={emptyDescription}
      />
    </InfoCard>
  );
};
