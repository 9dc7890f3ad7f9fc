import { EmptyState, InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { teamOfEntity } from '../../lib/entity';
import { ClusterAccessCard } from './ClusterAccessCard';

/**
 * The cluster access card on a Group page (the team) or a Component page (its owning team).
 *
 * @public
 */
export const EntityAimlClusterAccessCard = (props: { title?: string }) => {
  const { entity } = useEntity();
  const team = teamOfEntity(entity);
  if (!team) {
    return (
      <InfoCard title={props.title ?? 'Cluster access'}>
        <EmptyState
          missing="field"
          title="No owning team"
          description="Access is granted to a team's namespaces: set spec.owner of this entity to the team (a Group) that owns it."
        />
      </InfoCard>
    );
  }
  return <ClusterAccessCard team={team} title={props.title} />;
};
