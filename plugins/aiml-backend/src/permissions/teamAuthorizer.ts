import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  PolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { AIML_TEAM_RESOURCE_TYPE } from '@eks-aiml/plugin-aiml-common';
import { AimlTeamResource } from './teamResource';

/**
 * The one helper every route uses for team-scoped permissions: asks the portal's
 * policy for a decision per permission, and evaluates a conditional one on the teams
 * in this process, with the aiml rules the permission backend would call back for.
 * So a check is one request to the permission backend, not three (authorize, its
 * apply-conditions call back into this plugin, and that call's team lookup).
 *
 * @public
 */
export class TeamAuthorizer {
  constructor(
    private readonly deps: {
      permissions: PermissionsService;
      /** The teams as permission resources, in order; undefined where no such Group exists. */
      loadTeams: (
        names: string[],
      ) => Promise<Array<AimlTeamResource | undefined>>;
      /** Whether a conditional decision holds for a team (no team: it does not). */
      applyConditions: (
        decision: PolicyDecision,
        team: AimlTeamResource | undefined,
      ) => boolean;
    },
  ) {}

  private async decide(
    permission: ResourcePermission<'aiml-team'>,
    credentials: BackstageCredentials,
  ): Promise<PolicyDecision> {
    const [decision] = await this.deps.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    return decision;
  }

  /** The teams, of those given, for which a decision holds (one team lookup for all). */
  private async holding(
    decision: PolicyDecision,
    teams: string[],
  ): Promise<string[]> {
    if (decision.result === AuthorizeResult.ALLOW) return teams;
    // Conditions meant for another resource type (a policy's mistake) hold for no team.
    if (
      decision.result !== AuthorizeResult.CONDITIONAL ||
      !teams.length ||
      decision.pluginId !== 'aiml' ||
      decision.resourceType !== AIML_TEAM_RESOURCE_TYPE
    ) {
      return [];
    }
    const resources = await this.deps.loadTeams(teams);
    return teams.filter((_, i) =>
      this.deps.applyConditions(decision, resources[i]),
    );
  }

  async isAllowed(
    permission: ResourcePermission<'aiml-team'>,
    team: string,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const decision = await this.decide(permission, credentials);
    return (await this.holding(decision, [team])).length === 1;
  }

  /** The teams, of those given, for which the permission is allowed (one policy decision). */
  async allowedTeams(
    permission: ResourcePermission<'aiml-team'>,
    teams: string[],
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    if (!teams.length) return [];
    return this.holding(await this.decide(permission, credentials), teams);
  }

  /**
   * The teams for which the permission is allowed: 'all' when the policy allows it
   * unconditionally (so also for teams that appear later), none when it denies,
   * else those of `candidates()` whose conditions hold.
   */
  async allowedTeamsAmong(
    permission: ResourcePermission<'aiml-team'>,
    credentials: BackstageCredentials,
    candidates: () => Promise<string[]>,
  ): Promise<string[] | 'all'> {
    const decision = await this.decide(permission, credentials);
    if (decision.result === AuthorizeResult.ALLOW) return 'all';
    if (decision.result === AuthorizeResult.DENY) return [];
    return this.holding(decision, await candidates());
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
