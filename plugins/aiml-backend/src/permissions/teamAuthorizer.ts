import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { teamRef } from './teamResource';

/**
 * The one helper every route uses for team-scoped permissions: asks the portal's
 * policy (which may answer with conditions the plugin then evaluates).
 *
 * @public
 */
export class TeamAuthorizer {
  constructor(private readonly permissions: PermissionsService) {}

  async isAllowed(
    permission: ResourcePermission<'aiml-team'>,
    team: string,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const [decision] = await this.permissions.authorize(
      [{ permission, resourceRef: teamRef(team) }],
      {
        credentials,
      },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  /** The teams, of those given, for which the permission is allowed (one batched request). */
  async allowedTeams(
    permission: ResourcePermission<'aiml-team'>,
    teams: string[],
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    if (!teams.length) return [];
    const decisions = await this.permissions.authorize(
      teams.map(team => ({ permission, resourceRef: teamRef(team) })),
      { credentials },
    );
    return teams.filter(
      (_, i) => decisions[i]?.result === AuthorizeResult.ALLOW,
    );
  }

  /**
   * The teams for which the permission is allowed: 'all' when the policy allows it
   * unconditionally (so also for teams that appear later), none when it denies,
   * else those of `candidates()` whose conditions hold (one batched request).
   */
  async allowedTeamsAmong(
    permission: ResourcePermission<'aiml-team'>,
    credentials: BackstageCredentials,
    candidates: () => Promise<string[]>,
  ): Promise<string[] | 'all'> {
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) return 'all';
    if (decision.result === AuthorizeResult.DENY) return [];
    return this.allowedTeams(permission, await candidates(), credentials);
  }

  /** Throws NotAllowedError naming the permission and the team when not allowed. */
  async require(
    permission: ResourcePermission<'aiml-team'>,
    team: string,
    credentials: BackstageCredentials,
    why: string,
  ): Promise<void> {
    if (!(await this.isAllowed(permission, team, credentials))) {
      throw new NotAllowedError(
        `${why}: permission ${permission.name} is not granted for team "${team}"`,
      );
    }
  }
}
