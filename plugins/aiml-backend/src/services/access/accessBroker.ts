import { randomBytes } from 'node:crypto';
import {
  AuditorService,
  BackstageCredentials,
  BackstageUserPrincipal,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  aimlAccessBreakGlassPermission,
  aimlAccessReadPermission,
  aimlAccessRequestPermission,
  aimlAccessRevokePermission,
} from '@eks-aiml/plugin-aiml-common';
import {
  AimlClock,
  AimlClusterRegistry,
  TeamDirectory,
} from '@eks-aiml/plugin-aiml-node';
import type { Request } from 'express';
import { TeamAuthorizer } from '../../permissions/teamAuthorizer';
import { GrantStore } from './grantStore';
import { renderGrantKubeconfig } from './renderKubeconfig';
import { TokenStrategy } from './tokenStrategy';
import { Grant, GrantEndReason, GrantRequest } from './types';

/** Everything the broker works with. */
export interface AccessBrokerDeps {
  store: GrantStore;
  registry: AimlClusterRegistry;
  teams: TeamDirectory;
  authorizer: TeamAuthorizer;
  permissions: PermissionsService;
  auditor: AuditorService;
  logger: LoggerService;
  clock: AimlClock;
  tokens: TokenStrategy;
}

type UserCredentials = BackstageCredentials<BackstageUserPrincipal>;

const describeError = (error: any) =>
  `${error?.name ?? 'Error'}: ${error?.message ?? String(error)}`.slice(0, 500);

/**
 * The cluster access broker. Every grant is a row written before any side effect
 * (`pending` → `active` → `revoking` → `revoked`, or `failed`); a grant is marked
 * revoked only once the cluster confirms. Namespaces always come from the team's
 * managed namespaces, clusters from config. No token is stored or logged: the
 * kubeconfig is minted for the grantee on request.
 */
export class AccessBroker {
  constructor(private readonly deps: AccessBrokerDeps) {}

  private now() {
    return this.deps.clock.nowMs();
  }

  private async audit<T>(
    eventId: string,
    meta: Record<string, any>,
    request: Request | undefined,
    fn: () => Promise<T>,
    successMeta?: (result: T) => Record<string, any>,
  ): Promise<T> {
    const event = await this.deps.auditor.createEvent({
      eventId,
      severityLevel: meta.breakGlass ? 'high' : 'medium',
      request,
      meta,
    });
    try {
      const result = await fn();
      await event.success({ meta: successMeta ? successMeta(result) : {} });
      return result;
    } catch (error: any) {
      await event.fail({ error });
      throw error;
    }
  }

  /** Creates a grant for the caller. */
  async request(
    credentials: UserCredentials,
    input: GrantRequest,
    req?: Request,
  ): Promise<Grant> {
    const userRef = credentials.principal.userEntityRef;
    const meta = {
      ...input,
      ttlSeconds: input.ttlMs / 1000,
      ttlMs: undefined,
      userRef,
    };
    return this.audit(
      'access-grant-request',
      meta,
      req,
      () => this.createGrant(credentials, input),
      g => ({
        grantId: g.id,
        namespaces: g.namespaces,
        expiresAt: g.expiresAt,
      }),
    );
  }

  private async createGrant(
    credentials: UserCredentials,
    input: GrantRequest,
  ): Promise<Grant> {
    const { registry, teams, authorizer, store, tokens } = this.deps;
    const userRef = credentials.principal.userEntityRef;
    const cluster = registry.getCluster(input.cluster);
    await teams.getTeam(input.team);
    if (input.breakGlass) {
      const [decision] = await this.deps.permissions.authorize(
        [{ permission: aimlAccessBreakGlassPermission }],
        {
          credentials,
        },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `Break-glass is reserved for platform admins: ${userRef} is not granted ${aimlAccessBreakGlassPermission.name}`,
        );
      }
    } else {
      await authorizer.require(
        aimlAccessRequestPermission,
        input.team,
        credentials,
        `${userRef} may not request access for team "${input.team}" (only its members may)`,
      );
    }
    if (input.ttlMs > cluster.access.maxTtlMs) {
      throw new InputError(
        `"ttl" exceeds the maximum of cluster ${cluster.name}: at most ${
          cluster.access.maxTtlMs / 60_000
        } minutes`,
      );
    }
    if (cluster.access.strategy !== 'token') {
      throw new ConflictError(
        `Cluster ${cluster.name} uses the access-entry strategy (people authenticate with their own IAM role), which this broker does not grant yet; ask for access on a token-strategy cluster`,
      );
    }
    const namespaces = await teams.managedNamespaces(cluster.name, input.team);
    if (namespaces.length === 0) {
      throw new ConflictError(
        `Team "${input.team}" has no namespace managed by the portal on cluster ${cluster.name}; create one with a golden-path template first`,
      );
    }
    const nowMs = this.now();
    const grant: Grant = {
      id: randomBytes(6).toString('hex'),
      userRef,
      team: input.team,
      cluster: cluster.name,
      level: input.level,
      breakGlass: input.breakGlass,
      strategy: 'token',
      namespaces,
      reason: input.reason,
      state: 'pending',
      createdAt: new Date(nowMs).toISOString(),
      expiresAt: new Date(nowMs + input.ttlMs).toISOString(),
      updatedAt: new Date(nowMs).toISOString(),
    };
    await store.insert({ ...grant, nowMs });
    try {
      await tokens.provision(grant);
    } catch (error) {
      await tokens.revoke(grant).catch(() => undefined);
      await store.transition(grant.id, ['pending'], 'failed', this.now(), {
        endReason: 'failed',
        failure: describeError(error),
      });
      throw new ServiceUnavailableError(
        `Could not set up access on cluster ${cluster.name}: ${describeError(
          error,
        )}`,
      );
    }
    await store.transition(grant.id, ['pending'], 'active', this.now());
    return (await store.get(grant.id))!;
  }

  private async mayRead(
    grant: Grant,
    credentials: UserCredentials,
    cache = new Map<string, boolean>(),
  ) {
    if (grant.userRef === credentials.principal.userEntityRef) return true;
    if (!cache.has(grant.team)) {
      cache.set(
        grant.team,
        await this.deps.authorizer.isAllowed(
          aimlAccessReadPermission,
          grant.team,
          credentials,
        ),
      );
    }
    return cache.get(grant.team)!;
  }

  /** The caller's grants and those of the teams they may see. */
  async list(credentials: UserCredentials): Promise<Grant[]> {
    const all = await this.deps.store.list({});
    const cache = new Map<string, boolean>();
    const visible: Grant[] = [];
    for (const grant of all) {
      if (await this.mayRead(grant, credentials, cache)) visible.push(grant);
    }
    return visible;
  }

  async get(id: string, credentials: UserCredentials): Promise<Grant> {
    const grant = await this.deps.store.get(id);
    if (!grant || !(await this.mayRead(grant, credentials)))
      throw new NotFoundError(`No grant ${id} that you may see`);
    return grant;
  }

  /** Revokes a grant: the grantee, the team's leads and admins may. */
  async revoke(
    id: string,
    credentials: UserCredentials,
    req?: Request,
  ): Promise<Grant> {
    const grant = await this.get(id, credentials);
    const userRef = credentials.principal.userEntityRef;
    return this.audit(
      'access-grant-revoke',
      { grantId: id, team: grant.team, cluster: grant.cluster, userRef },
      req,
      async () => {
        if (grant.userRef !== userRef) {
          await this.deps.authorizer.require(
            aimlAccessRevokePermission,
            grant.team,
            credentials,
            `${userRef} may not revoke grant ${id} of ${grant.userRef} (only the grantee, the team's leads and platform admins may)`,
          );
        }
        return this.end(grant, 'revoked', userRef);
      },
    );
  }

  /** The kubeconfig of an active token grant, for its grantee only; never stored. */
  async kubeconfig(
    id: string,
    credentials: UserCredentials,
    req?: Request,
  ): Promise<string> {
    const grant = await this.deps.store.get(id);
    const userRef = credentials.principal.userEntityRef;
    if (!grant || grant.userRef !== userRef) {
      throw new NotAllowedError(
        `Only the grantee may download the kubeconfig of grant ${id}`,
      );
    }
    return this.audit(
      'access-grant-kubeconfig',
      { grantId: id, cluster: grant.cluster, userRef },
      req,
      async () => {
        if (grant.strategy !== 'token') {
          throw new ConflictError(
            `Grant ${id} is on an access-entry cluster: use your own AWS identity (aws eks update-kubeconfig --name ${grant.cluster}); there is no kubeconfig to download`,
          );
        }
        if (
          grant.state !== 'active' ||
          Date.parse(grant.expiresAt) <= this.now()
        ) {
          throw new ConflictError(
            `Grant ${id} is ${
              grant.state === 'active' ? 'expired' : grant.state
            }: request access again`,
          );
        }
        const [described, token] = await Promise.all([
          this.deps.registry.describeCluster(grant.cluster),
          this.deps.tokens.issueToken(grant, this.now()),
        ]);
        return renderGrantKubeconfig({
          cluster: grant.cluster,
          endpoint: described.endpoint,
          caData: described.caData,
          token: token.token,
          namespace: grant.namespaces[0],
          grantId: grant.id,
        });
      },
    );
  }

  /** Ends a grant on the cluster, then marks it revoked. Safe to re-run. */
  private async end(
    grant: Grant,
    reason: GrantEndReason,
    by: string,
  ): Promise<Grant> {
    const { store, tokens } = this.deps;
    if (grant.state === 'revoked' || grant.state === 'failed') return grant;
    await store.transition(
      grant.id,
      ['active', 'pending', 'revoking'],
      'revoking',
      this.now(),
      { endReason: reason, revokedBy: by },
    );
    await tokens.revoke(grant);
    await store.transition(grant.id, ['revoking'], 'revoked', this.now(), {
      revoked: true,
    });
    this.deps.logger.info(
      `Grant ${grant.id} of ${grant.userRef} on ${grant.cluster} ended (${reason})`,
    );
    return (await store.get(grant.id))!;
  }

  /** Revokes every active grant whose time is up. */
  async expireDue(): Promise<number> {
    const due = await this.deps.store.due(this.now());
    for (const grant of due) {
      await this.audit(
        'access-grant-expire',
        { grantId: grant.id, userRef: grant.userRef, cluster: grant.cluster },
        undefined,
        () => this.end(grant, 'expired', 'system:expiry'),
      ).catch(error =>
        this.deps.logger.warn(
          `Could not expire grant ${grant.id}: ${describeError(error)}`,
        ),
      );
    }
    return due.length;
  }

  /**
   * Finishes what a crash left: pending grants are undone and failed, revoking ones
   * revoked, and objects of grants that are not active are deleted from the clusters.
   */
  async reconcile(): Promise<void> {
    const { store, tokens, registry, logger } = this.deps;
    for (const grant of await store.unfinished()) {
      try {
        if (grant.state === 'pending') {
          await tokens.revoke(grant);
          await store.transition(grant.id, ['pending'], 'failed', this.now(), {
            endReason: 'failed',
            failure:
              'interrupted before it was ready; undone by the reconciler',
          });
        } else {
          await this.end(
            grant,
            grant.endReason ?? 'revoked',
            grant.revokedBy ?? 'system:reconciler',
          );
        }
      } catch (error) {
        logger.warn(
          `Reconciler could not finish grant ${grant.id}: ${describeError(
            error,
          )}`,
        );
      }
    }
    const live = new Set(
      (await store.byState(['active', 'pending'])).map(g => g.id),
    );
    for (const cluster of registry
      .listClusters()
      .filter(c => c.access.strategy === 'token')) {
      try {
        const onCluster = await tokens.grantIdsOnCluster(cluster.name);
        for (const [id, objects] of onCluster) {
          if (!live.has(id)) {
            await tokens.deleteOrphan(cluster.name, id, objects);
            logger.info(
              `Deleted ${objects.length} orphan object(s) of grant ${id} on ${cluster.name}`,
            );
          }
        }
      } catch (error) {
        logger.warn(
          `Reconciler could not check cluster ${cluster.name}: ${describeError(
            error,
          )}`,
        );
      }
    }
  }

  /**
   * Revokes grants of people who left the team. A catalog that does not answer
   * revokes nothing.
   */
  async recheckMembership(): Promise<void> {
    const active = (await this.deps.store.byState(['active'])).filter(
      g => !g.breakGlass,
    );
    const teamsByUser = new Map<string, string[]>();
    for (const grant of active) {
      let teams = teamsByUser.get(grant.userRef);
      if (!teams) {
        try {
          teams = await this.deps.teams.teamsOf(grant.userRef);
        } catch (error) {
          this.deps.logger.warn(
            `Skipping membership check: ${describeError(error)}`,
          );
          return;
        }
        teamsByUser.set(grant.userRef, teams);
      }
      if (!teams.includes(grant.team)) {
        await this.audit(
          'access-grant-membership-revoke',
          { grantId: grant.id, userRef: grant.userRef, team: grant.team },
          undefined,
          () => this.end(grant, 'membership', 'system:membership'),
        ).catch(error =>
          this.deps.logger.warn(
            `Could not revoke grant ${grant.id}: ${describeError(error)}`,
          ),
        );
      }
    }
  }
}
