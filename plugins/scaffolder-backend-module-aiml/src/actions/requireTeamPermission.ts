import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { AIML_TEAM_RESOURCE_TYPE } from '@eks-aiml/plugin-aiml-common';

/**
 * Asks the portal's permission policy whether the task's user holds a team
 * permission for a team (the team is the resource, `group:default/<team>`; the
 * policy may answer with conditions, which the aiml plugin evaluates), and
 * throws NotAllowedError saying who may instead. Used where membership is not
 * enough, e.g. retiring a project is for the team's leads and platform admins.
 */
export async function requireTeamPermission(options: {
  permissions: PermissionsService;
  credentials: BackstageCredentials;
  permission: ResourcePermission<typeof AIML_TEAM_RESOURCE_TYPE>;
  team: string;
  /** Who is asking, for the message. */
  user: string;
  /** What they asked to do, e.g. `retire projects of`. */
  doing: string;
  /** Who may, for the message. */
  whoMay: string;
}): Promise<void> {
  const { permissions, credentials, permission, team } = options;
  const [decision] = await permissions.authorize(
    [{ permission, resourceRef: `group:default/${team}` }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `${options.user} may not ${options.doing} team "${team}": ${options.whoMay} may (permission ${permission.name})`,
    );
  }
}
