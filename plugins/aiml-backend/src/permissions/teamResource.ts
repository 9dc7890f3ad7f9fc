import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import { AIML_TEAM_RESOURCE_TYPE } from '@eks-aiml/plugin-aiml-common';

/**
 * A team as the permission system sees it.
 *
 * @public
 */
export interface AimlTeamResource {
  /** The Group name. */
  name: string;
  /** `group:default/<name>`: what ownership claims name. */
  ref: string;
  /** `user:default/<name>` of each lead. */
  leadRefs: string[];
}

/**
 * The aiml team resource: permissions about one team, decided per team.
 *
 * @public
 */
export const aimlTeamResourceRef = createPermissionResourceRef<
  AimlTeamResource,
  never
>().with({
  pluginId: 'aiml',
  resourceType: AIML_TEAM_RESOURCE_TYPE,
});

/**
 * The ref a team is authorized under.
 *
 * @public
 */
export function teamRef(name: string): string {
  return `group:default/${name}`;
}
