import {
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import { ServiceRead } from './serviceAccess';
import { TeamAuthorizer } from './teamAuthorizer';

/** A request as Backstage's HttpAuthService reads it, typed by whichever router it came through. */
export type IncomingRequest = Parameters<HttpAuthService['credentials']>[0];
/**
 * Who calls a route that reads team data: a person (decided by the portal's permission
 * policy) or a service listed in `aiml.serviceAccess` (decided by that list alone).
 *
 * @internal
 */
export type Caller =
  | {
      kind: 'user';
      /** The user entity ref: what per-caller limits are keyed by. */
      id: string;
      credentials: BackstageCredentials<BackstageUserPrincipal>;
    }
  | {
      kind: 'service';
      id: string;
      credentials: BackstageCredentials<BackstageServicePrincipal>;
      read: ServiceRead;
    };

/**
 * Who may read which team's data, for people and services alike. People: the policy,
 * through {@link TeamAuthorizer}. Services: `aiml.serviceAccess` only (the permission
 * framework allows every service everything, without asking the policy).
 *
 * @internal
 */
export class CallerAccess {
  constructor(
    private readonly deps: {
      httpAuth: HttpAuthService;
      authorizer: TeamAuthorizer;
      serviceAccess: Map<string, ServiceRead>;
    },
  ) {}

  /**
   * The caller of a request; a service not listed in `aiml.serviceAccess` is refused
   * (403 naming the key), whatever it asks.
   */
  async caller(req: IncomingRequest, what: string): Promise<Caller> {
    const credentials = await this.deps.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    return this.callerOf(credentials, what);
  }

  /** The caller of credentials already authenticated (an MCP action's), by the same rule. */
  callerOf(credentials: BackstageCredentials, what: string): Caller {
    const principal = credentials.principal as
      | BackstageUserPrincipal
      | BackstageServicePrincipal
      | { type: 'none' };
    if (principal.type === 'user') {
      return {
        kind: 'user',
        id: principal.userEntityRef,
        credentials:
          credentials as BackstageCredentials<BackstageUserPrincipal>,
      };
    }
    if (principal.type !== 'service') {
      throw new NotAllowedError(
        `Sign in to read ${what}: anonymous callers read nothing`,
      );
    }
    const subject = principal.subject;
    const read = this.deps.serviceAccess.get(subject);
    if (!read) {
      throw new NotAllowedError(
        `Service ${subject} may not read ${what}: list it in aiml.serviceAccess with what it may read (read: fleet, or read: { teams: [...] })`,
      );
    }
    return {
      kind: 'service',
      id: `service:${subject}`,
      credentials:
        credentials as BackstageCredentials<BackstageServicePrincipal>,
      read,
    };
  }

  /** Whether the caller sees the fleet: every team, also those that appear later. */
  async seesFleet(
    caller: Caller,
    permission: ResourcePermission<'aiml-team'>,
  ): Promise<boolean> {
    return (await this.visibleTeams(caller, permission, [])) === 'all';
  }

  /**
   * The teams, of those given, the caller may read; 'all' when they read every team
   * (the fleet, teams that appear later too). One policy decision for all of them.
   */
  async visibleTeams(
    caller: Caller,
    permission: ResourcePermission<'aiml-team'>,
    teams: string[],
  ): Promise<string[] | 'all'> {
    if (caller.kind === 'service') {
      const { read } = caller;
      return read === 'fleet'
        ? 'all'
        : teams.filter(t => read.teams.includes(t));
    }
    return this.deps.authorizer.allowedTeamsAmong(
      permission,
      caller.credentials,
      async () => teams,
    );
  }

  /** Throws NotAllowedError, saying why, unless the caller may read the team. */
  async requireTeam(
    caller: Caller,
    permission: ResourcePermission<'aiml-team'>,
    team: string,
    why: string,
  ): Promise<void> {
    if (caller.kind === 'user') {
      await this.deps.authorizer.require(
        permission,
        team,
        caller.credentials,
        why,
      );
      return;
    }
    if ((await this.visibleTeams(caller, permission, [team])).length === 0) {
      throw new NotAllowedError(
        `${why}: aiml.serviceAccess does not list team "${team}" for service ${caller.id.replace(
          /^service:/,
          '',
        )}`,
      );
    }
  }
}
