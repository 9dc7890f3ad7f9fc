import { EmptyState } from '@backstage/core-components';

/** Shown when a team view is placed on an entity that is not a Group. */
export const NotATeam = () => (
  <EmptyState
    missing="info"
    title="Not a team"
    description="Accelerator usage by team is shown on Group pages: a team is a catalog Group."
  />
);
