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
import { AccessEntryGrants } from './accessEntryGrants';
import {
  DEFAULT_GRANT_PAGE,
  encodeGrantCursor,
  GrantListQuery,
} from './grantListQuery';
import { GrantLocks } from './grantLocks';
import { GrantStore } from './grantStore';
import { grantRequestKey } from './parseGrantRequest';
import { PrincipalDirectory } from './principalDirectory';
import { mayReadGrant } from './readScope';
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
  locks: GrantLocks;
  principals: PrincipalDirectory;
  accessEntries: AccessEntryGrants;
}

/** How long a request identical to one in flight waits for it to settle. */
const DUPLICATE_WAIT_MS = 30_000;

/** The lock of one token grant: its creation and its end hold it. */
const tokenLock = (grantId: string) => `token\n${grantId}`;

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

type UserCredentials = BackstageCredentials<BackstageUserPrincipal>;

const describeError = (error: any) =>
  `${error?.name ?? 'Error'}: ${error?.message ?? String(error)}`.slice(0, 500);

/**
 * The cluster access broker. Every grant is a row written before any side effect
 * (`pending` → `active` → `revoking` → `revoked`, or `failed`); a grant is marked
 * revoked only once the cluster (token strategy) or EKS (access-entry strategy)
 * confirms. Namespaces always come from the team's managed namespaces, clusters
 * from config. No token is stored or logged: the kubeconfig is minted for the
 * grantee on request. Safe on several replicas: work on one grant (token) or one
 * principal (access entry) holds a lock, and state changes are compare-and-set.
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

  /**
   * Creates a grant for the caller; an identical request while the grant it made
   * is still pending or active returns that grant (`created: false`).
   */
  async request(
    credentials: UserCredentials,
    input: GrantRequest,
    req?: Request,
  ): Promise<{ grant: Grant; created: boolean }> {
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
      ({ grant: g, created }) => ({
        grantId: g.id,
        created,
        namespaces: g.namespaces,
        principalArn: g.principalArn,
        expiresAt: g.expiresAt,
      }),
    );
  }

  private async createGrant(
    credentials: UserCredentials,
    input: GrantRequest,
  ): Promise<{ grant: Grant; created: boolean }> {
    const { registry, teams, authorizer } = this.deps;
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
    const principalArn =
      cluster.access.strategy === 'access-entry'
        ? await this.deps.principals.principalFor(userRef, cluster)
        : undefined;
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
      strategy: cluster.access.strategy,
      namespaces,
      reason: input.reason,
      state: 'pending',
      createdAt: new Date(nowMs).toISOString(),
      expiresAt: new Date(nowMs + input.ttlMs).toISOString(),
      updatedAt: new Date(nowMs).toISOString(),
    };
    const liveKey = grantRequestKey(userRef, input);
    if (principalArn) {
      return this.deps.accessEntries.create(
        { ...grant, principalArn },
        liveKey,
      );
    }
    return this.createTokenGrant(grant, liveKey);
  }

  /** Token strategy: one ServiceAccount and its RoleBindings per grant. */
  private async createTokenGrant(
    grant: Grant,
    liveKey: string,
  ): Promise<{ grant: Grant; created: boolean }> {
    const { store, tokens, locks } = this.deps;
    for (let attempt = 0; attempt < 3; attempt++) {
      const existing = await this.settled(await store.liveByKey(liveKey));
      if (existing?.state === 'active') {
        return { grant: existing, created: false };
      }
      const made = await locks.withLock(tokenLock(grant.id), async () => {
        const nowMs = this.now();
        if ((await store.insert({ ...grant, nowMs, liveKey })) === 'duplicate')
          return undefined;
        try {
          await tokens.provision(grant);
        } catch (error) {
          await tokens.revoke(grant).catch(() => undefined);
          await store.transition(grant.id, ['pending'], 'failed', this.now(), {
            endReason: 'failed',
            failure: describeError(error),
          });
          throw new ServiceUnavailableError(
            `Could not set up access on cluster ${
              grant.cluster
            }: ${describeError(error)}`,
          );
        }
        await store.transition(grant.id, ['pending'], 'active', this.now());
        return (await store.get(grant.id))!;
      });
      if (made) return { grant: made, created: true };
    }
    throw new ConflictError(
      'An identical request is being processed at the same time; send it again',
    );
  }

  /** Waits (a while) for a grant another request is creating to leave pending. */
  private async settled(grant: Grant | undefined): Promise<Grant | undefined> {
    const deadline = Date.now() + DUPLICATE_WAIT_MS;
    let current = grant;
    while (current?.state === 'pending' && Date.now() < deadline) {
      await sleep(100);
      current = await this.deps.store.get(current.id);
    }
    return current;
  }

  /**
   * The caller's grants and those of the teams they may read, one page newest
   * first. What they may read is decided once (one batched permission request) and
   * filtered in SQL, so older grants are never lost behind other teams' newer ones.
   */
  async list(
    credentials: UserCredentials,
    query: GrantListQuery = { limit: DEFAULT_GRANT_PAGE },
  ): Promise<{ items: Grant[]; nextCursor?: string }> {
    const { store, authorizer } = this.deps;
    const teams = await authorizer.allowedTeamsAmong(
      aimlAccessReadPermission,
      credentials,
      async () =>
        query.team ? [query.team] : store.teamsWithGrants(query.states),
    );
    const scope = { userRef: credentials.principal.userEntityRef, teams };
    const page = await store.list({ ...query, scope });
    return {
      items: page.items,
      ...(page.next ? { nextCursor: encodeGrantCursor(page.next) } : {}),
    };
  }

  /** One grant, if the caller may read it by the same rule as {@link AccessBroker.list}. */
  async get(id: string, credentials: UserCredentials): Promise<Grant> {
    const grant = await this.deps.store.get(id);
    const userRef = credentials.principal.userEntityRef;
    if (grant) {
      const teams =
        grant.userRef === userRef
          ? []
          : await this.deps.authorizer.allowedTeams(
              aimlAccessReadPermission,
              [grant.team],
              credentials,
            );
      if (mayReadGrant({ userRef, teams }, grant)) return grant;
    }
    throw new NotFoundError(`No grant ${id} that you may see`);
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
          const region = this.deps.registry
            .listClusters()
            .find(c => c.name === grant.cluster)?.region;
          throw new ConflictError(
            `Grant ${id} is on an access-entry cluster: there is no kubeconfig to download. Sign in to AWS as your own role${
              grant.principalArn ? ` (${grant.principalArn})` : ''
            } and run: aws eks update-kubeconfig --name ${grant.cluster}${
              region ? ` --region ${region}` : ''
            }`,
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

  /** Ends a grant on the cluster (or in EKS), then marks it revoked. Safe to re-run. */
  private async end(
    grant: Grant,
    reason: GrantEndReason,
    by: string,
  ): Promise<Grant> {
    if (grant.state === 'revoked' || grant.state === 'failed') return grant;
    if (grant.strategy === 'access-entry') {
      return this.deps.accessEntries.end(grant, reason, by);
    }
    const { store } = this.deps;
    return this.deps.locks.withLock(tokenLock(grant.id), async () => {
      const current = (await store.get(grant.id))!;
      if (current.state === 'revoked' || current.state === 'failed')
        return current;
      if (current.state !== 'revoking') {
        await store.transition(
          grant.id,
          [current.state],
          'revoking',
          this.now(),
          { endReason: reason, revokedBy: by },
        );
      }
      await this.finishTokenRevoke(current);
      this.deps.logger.info(
        `Grant ${grant.id} of ${grant.userRef} on ${grant.cluster} ended (${reason})`,
      );
      return (await store.get(grant.id))!;
    });
  }

  /** Deletes a revoking token grant's objects, then marks it revoked. */
  private async finishTokenRevoke(grant: Grant): Promise<void> {
    try {
      await this.deps.tokens.revoke(grant);
    } catch (error) {
      throw new ServiceUnavailableError(
        `Cluster ${grant.cluster} has not confirmed the end of grant ${
          grant.id
        }: ${describeError(
          error,
        )}. The grant stays revoking and the reconciler retries every 30 seconds`,
      );
    }
    await this.deps.store.transition(
      grant.id,
      ['revoking'],
      'revoked',
      this.now(),
      { revoked: true },
    );
  }

  /**
   * Revokes every active grant whose time is up. Each grant is claimed (active →
   * revoking) by exactly one caller, across replicas, which alone audits and
   * revokes it. Returns how many grants this call expired.
   */
  async expireDue(): Promise<number> {
    const due = await this.deps.store.due(this.now());
    let expired = await this.deps.accessEntries.expire(
      due.filter(g => g.strategy === 'access-entry'),
    );
    for (const grant of due.filter(g => g.strategy !== 'access-entry')) {
      try {
        const claimed = await this.deps.locks.withLock(
          tokenLock(grant.id),
          async () => {
            const won = await this.deps.store.transition(
              grant.id,
              ['active'],
              'revoking',
              this.now(),
              { endReason: 'expired', revokedBy: 'system:expiry' },
            );
            if (!won) return false;
            await this.audit(
              'access-grant-expire',
              {
                grantId: grant.id,
                userRef: grant.userRef,
                cluster: grant.cluster,
              },
              undefined,
              () => this.finishTokenRevoke(grant),
            );
            return true;
          },
        );
        if (claimed) expired++;
      } catch (error) {
        this.deps.logger.warn(
          `Could not expire grant ${grant.id}: ${describeError(error)}`,
        );
      }
    }
    return expired;
  }

  /**
   * Finishes what a crash left: pending grants are undone and failed, revoking ones
   * revoked, objects of grants that are not active deleted from the clusters, and
   * access entries driven to their principals' grants. Grants and principals that
   * another replica is working on are left to it.
   */
  async reconcile(): Promise<void> {
    const { store, tokens, registry, logger, locks } = this.deps;
    for (const grant of await store.unfinished()) {
      if (grant.strategy === 'access-entry') continue;
      try {
        await locks.tryLock(tokenLock(grant.id), async () => {
          const current = (await store.get(grant.id))!;
          if (current.state === 'pending') {
            await tokens.revoke(current);
            await store.transition(
              current.id,
              ['pending'],
              'failed',
              this.now(),
              {
                endReason: 'failed',
                failure:
                  'interrupted before it was ready; undone by the reconciler',
              },
            );
          } else if (current.state === 'revoking') {
            await this.finishTokenRevoke(current);
          }
        });
      } catch (error) {
        logger.warn(
          `Reconciler could not finish grant ${grant.id}: ${describeError(
            error,
          )}`,
        );
      }
    }
    for (const cluster of registry
      .listClusters()
      .filter(c => c.access.strategy === 'token')) {
      try {
        // Cluster first, then the database: an object seen on the cluster was made
        // after its grant's row, so a grant created meanwhile is never taken for an orphan.
        const onCluster = await tokens.grantIdsOnCluster(cluster.name);
        const live = new Set(
          (await store.byState(['active', 'pending'])).map(g => g.id),
        );
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
    await this.deps.accessEntries.reconcile();
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
