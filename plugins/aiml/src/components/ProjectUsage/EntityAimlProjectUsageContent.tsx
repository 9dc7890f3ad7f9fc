import { UsageView } from '../usage/UsageView';
import { useProjectUsage } from '../../hooks/useProjectUsage';

/**
 * A project's accelerator usage and spend: the Component page tab.
 *
 * @public
 */
export const EntityAimlProjectUsageContent = () => {
  const { namespace, name, state, emptyDescription } = useProjectUsage();
  return (
    <UsageView
      subject={{ kind: 'project', project: name }}
      state={state}
      target={{ kind: 'project', namespace, name }}
      emptyTitle={`No accelerator usage for ${name} in this period`}
      emptyDescription={emptyDescription}
    />
  );
};
