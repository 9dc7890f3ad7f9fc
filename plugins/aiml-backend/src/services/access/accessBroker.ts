import { randomBytes } from 'node:crypto';
import { JsonObject } from '@backstage/types';
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
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  aimlAccessApprovePermission,
  aimlAccessBreakGlassPermission,
  aimlAccessReadPermission,
  aimlAccessRequestApprovalPermission,
  aimlAccessRequestPermission,
  aimlAccessRevokePermission,
} from '@eks-aiml/plugin-aiml-common';
import {
  AimlClock,
  AimlClusterRegistry,
  TeamDirectory,
} from '@eks-aiml/plugin-aiml-node';
import { TeamAuthorizer } from '../../permissions/teamAuthorizer';
import { ClusterBundleCheck } from '../bundle/ClusterBundleCheck';
import { TooManyRequestsError } from '../limits/TooManyRequestsError';
import { NamespaceSweep } from './namespaceSweep';
import { AuditContext, audited } from './auditContext';
import { describeError } from './describeError';
import {
  ApprovalKind,
  approvalKind,
  decidedApproval,
  requestOfGrant,
} from './grantApproval';
import { GrantLifecycle } from './grantLifecycle';
import {
  DEFAULT_GRANT_PAGE,
  encodeGrantCursor,
  GrantListQuery,
} from './grantListQuery';
import { GrantStore } from './grantStore';
import { grantRequestKey } from './parseGrantRequest';
import { PrincipalDirectory } from './principalDirectory';
import { GrantReadScope, mayReadGrant } from './readScope';
import { GrantEvents } from './grantEvents';
import { Grant, GrantEndReason, GrantRequest } from './types';

/** The grant, if it is in the scope; not found otherwise (never says it exists). */
function visibleGrant(
  id: string,
  grant: Grant | undefined,
  scope: GrantReadScope,
): Grant {
  if (grant && mayReadGrant(scope, grant)) return grant;
  throw new NotFoundError(`No grant ${id} that you may see`);
}

/** The broker's limits and groups, from `aiml.access`. */
export interface BrokerPolicy {
  /** The Group whose members may break glass; break-glass ends when its holder leaves it. */
  breakGlassGroup: string;
  /** How long a person may be missing from the catalog before their grants end. */
  leaverGraceMs: number;
  /** Live grants one person may hold per cluster and team. */
  maxLiveGrantsPerUser: number;
  /** How long a request for approval waits for an answer before it lapses. */
  approvalTimeoutMs: number;
}

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
  principals: PrincipalDirectory;
  /** Refuses clusters whose copy of the cluster bootstrap bundle is missing or differs. */
  bundle: Pick<ClusterBundleCheck, 'require'>;
  policy: BrokerPolicy;
  /** Cleans team namespaces of identities nobody should hold (older releases, backdoors). */
  sweep: Pick<NamespaceSweep, 'run'>;
  /** The grants of each strategy, dispatched by the grant's strategy. */
  lifecycles: Record<Grant['strategy'], GrantLifecycle>;
  /** Told of new grants and revokes (notifications); never fails a request. */
  events?: GrantEvents;
}

type UserCredentials = BackstageCredentials<BackstageUserPrincipal>;

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
  /** When each person was first seen missing from the catalog (this replica's view). */
  private readonly missingSince = new Map<string, number>();

  constructor(private readonly deps: AccessBrokerDeps) {}

  private now() {
    return this.deps.clock.nowMs();
  }

  private audit<T>(
    eventId: string,
    meta: JsonObject,
    context: AuditContext,
    fn: () => Promise<T>,
    successMeta?: (result: T) => JsonObject,
  ): Promise<T> {
    return audited(this.deps.auditor, eventId, meta, context, fn, successMeta);
  }

  /**
   * The Group a grant's holder must be in: the team, or the break-glass group; none
   * for an approved cross-team grant (its holder must still be in the catalog).
   */
  private requiredGroup(
    grant: Pick<Grant, 'breakGlass' | 'team'> & {
      approval?: { kind: ApprovalKind };
    },
  ): string | undefined {
    if (grant.breakGlass) return this.deps.policy.breakGlassGroup;
    return grant.approval?.kind === 'cross-team' ? undefined : grant.team;
  }

  /** Tells the listener of an approval step; its failure never fails the step. */
  private async tellApproval(
    event: 'requested' | 'decided',
    grant: Grant,
  ): Promise<void> {
    await this.deps.events?.[event]?.(grant).catch(error =>
      this.deps.logger.warn(
        `Could not tell of ${event} grant ${grant.id}: ${describeError(error)}`,
      ),
    );
  }

  private lifecycleOf(grant: Grant): GrantLifecycle {
    return this.deps.lifecycles[grant.strategy];
  }

  /**
   * Creates a grant for the caller, or, with `requestApproval` where self-service does
   * not reach (another team, a ttl above the cluster's selfServiceMaxTtl), a request
   * for the team leads' approval (state requested); an identical request while the
   * grant it made is live returns that grant (`created: false`).
   */
  async request(
    credentials: UserCredentials,
    input: GrantRequest,
    context: AuditContext = {},
  ): Promise<{ grant: Grant; created: boolean }> {
    const userRef = credentials.principal.userEntityRef;
    const meta = {
      ...input,
      ttlSeconds: input.ttlMs / 1000,
      ttlMs: undefined,
      userRef,
    };
    const result = await this.audit(
      'access-grant-request',
      meta,
      context,
      () => this.createGrant(credentials, input),
      ({ grant: g, created }) => ({
        grantId: g.id,
        created,
        namespaces: g.namespaces,
        principalArn: g.principalArn,
        expiresAt: g.expiresAt,
      }),
    );
    if (result.created && result.grant.state !== 'requested') {
      await this.deps.events?.granted(result.grant);
    }
    return result;
  }

  private async createGrant(
    credentials: UserCredentials,
    input: GrantRequest,
  ): Promise<{ grant: Grant; created: boolean }> {
    const { registry, teams, authorizer } = this.deps;
    const userRef = credentials.principal.userEntityRef;
    const cluster = registry.getCluster(input.cluster);
    await teams.getTeam(input.team);
    let approval: ApprovalKind | undefined;
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
      approval = approvalKind(
        await authorizer.isAllowed(
          aimlAccessRequestPermission,
          input.team,
          credentials,
        ),
        input.ttlMs,
        cluster.access,
      );
      if (approval === 'cross-team' && !input.requestApproval) {
        throw new NotAllowedError(
          `${userRef} may not request access for team "${input.team}" (only its members may); send requestApproval: true to ask its leads`,
        );
      }
      if (approval === 'long-ttl' && !input.requestApproval) {
        throw new InputError(
          `"ttl" exceeds what cluster ${
            cluster.name
          } grants without approval: at most ${
            cluster.access.selfServiceMaxTtlMs / 60_000
          } minutes (access.selfServiceMaxTtl); send requestApproval: true to ask the leads of team "${
            input.team
          }"`,
        );
      }
      if (approval) {
        await authorizer.require(
          aimlAccessRequestApprovalPermission,
          input.team,
          credentials,
          `${userRef} may not ask the leads of team "${input.team}" for access (${aimlAccessRequestApprovalPermission.name})`,
        );
      }
    }
    // The policy's membership is cached for seconds; a grant outlives that, so the
    // catalog is asked now, as the membership job asks it later (a catalog that does
    // not answer refuses the grant).
    const groups = await teams.membershipOf(userRef);
    const needed = this.requiredGroup({
      ...input,
      approval: approval && { kind: approval },
    });
    if (!groups || (needed && !groups.includes(needed))) {
      throw new NotAllowedError(
        groups === undefined
          ? `${userRef} is not in the catalog: no access is granted to people the catalog does not know`
          : `${userRef} is not a member of ${needed} in the catalog`,
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
    const repeated = await this.deps.store.liveByKey(
      grantRequestKey(userRef, input),
    );
    const live = await this.deps.store.countLive(
      userRef,
      cluster.name,
      input.team,
    );
    if (!repeated && live >= this.deps.policy.maxLiveGrantsPerUser) {
      throw new TooManyRequestsError(
        `${userRef} already holds ${live} live grants for team "${input.team}" on cluster ${cluster.name} (at most ${this.deps.policy.maxLiveGrantsPerUser}, aiml.access.maxLiveGrantsPerUser): use one of them, or revoke one first`,
        60,
      );
    }
    await this.deps.bundle.require(cluster.name);
    const namespaces = await teams.managedNamespaces(cluster.name, input.team);
    if (namespaces.length === 0) {
      throw new ConflictError(
        `Team "${input.team}" has no namespace managed by the portal on cluster ${cluster.name}; create one with a golden-path template first`,
      );
    }
    const nowMs = this.now();
    if (approval) {
      return this.createRequested(
        {
          id: randomBytes(6).toString('hex'),
          userRef,
          team: input.team,
          cluster: cluster.name,
          level: input.level,
          breakGlass: false,
          strategy: cluster.access.strategy,
          namespaces,
          reason: input.reason,
          state: 'requested',
          createdAt: new Date(nowMs).toISOString(),
          // Until approval, when the request lapses; the ttl starts at approval.
          expiresAt: new Date(
            nowMs + this.deps.policy.approvalTimeoutMs,
          ).toISOString(),
          updatedAt: new Date(nowMs).toISOString(),
          ...(principalArn ? { principalArn } : {}),
          approval: {
            kind: approval,
            approvers: `group:default/${input.team}`,
            ttlSeconds: input.ttlMs / 1000,
          },
        },
        nowMs,
        grantRequestKey(userRef, input),
      );
    }
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
    return this.lifecycleOf(grant).create(
      principalArn ? { ...grant, principalArn } : grant,
      grantRequestKey(userRef, input),
    );
  }

  /** Stores a request for approval (once per identical request) and tells the approvers. */
  private async createRequested(
    grant: Grant,
    nowMs: number,
    liveKey: string,
  ): Promise<{ grant: Grant; created: boolean }> {
    const { store } = this.deps;
    if ((await store.insert({ ...grant, nowMs, liveKey })) === 'duplicate') {
      const live = await store.liveByKey(liveKey);
      if (live) return { grant: live, created: false };
      throw new ConflictError(
        'An identical request was being answered at the same time; send it again',
      );
    }
    const stored = (await store.get(grant.id))!;
    await this.tellApproval('requested', stored);
    return { grant: stored, created: true };
  }

  /**
   * A requested grant the caller may answer: still requested, of a team they may
   * approve for, and made by someone else (a requester never answers their own
   * request, whatever their role). Those who may not see it get a 404.
   */
  private async answerable(
    id: string,
    credentials: UserCredentials,
    verb: 'approve' | 'deny',
  ): Promise<Grant> {
    const userRef = credentials.principal.userEntityRef;
    const { store, authorizer } = this.deps;
    const grant = await store.get(id);
    const [mayApprove, mayRead] = grant
      ? await Promise.all(
          [aimlAccessApprovePermission, aimlAccessReadPermission].map(p =>
            authorizer.isAllowed(p, grant.team, credentials),
          ),
        )
      : [false, false];
    if (!grant || !(mayApprove || mayRead || grant.userRef === userRef)) {
      throw new NotFoundError(`No grant ${id} that you may see`);
    }
    if (grant.userRef === userRef) {
      throw new NotAllowedError(
        `${userRef} may not ${verb} their own request ${id}: a lead of team "${grant.team}" or a platform admin must`,
      );
    }
    if (!mayApprove) {
      throw new NotAllowedError(
        `${userRef} may not ${verb} requests for team "${grant.team}": only its leads and platform admins may (${aimlAccessApprovePermission.name})`,
      );
    }
    if (grant.state !== 'requested' || !grant.approval) {
      throw new ConflictError(
        `Grant ${id} is ${grant.state}, not waiting for approval`,
      );
    }
    if (Date.parse(grant.expiresAt) <= this.now()) {
      throw new ConflictError(
        `The request ${id} lapsed unanswered at ${grant.expiresAt}; the requester may ask again`,
      );
    }
    return grant;
  }

  /**
   * Answers a requested grant with the approver's reason. Approved, it is activated
   * as a self-service grant would be, its ttl counted from now, its namespaces the
   * team's as they are now; denied, it ends. Audited either way.
   */
  async answer(
    id: string,
    credentials: UserCredentials,
    answer: 'approve' | 'deny',
    decision: { reason: string },
    context: AuditContext = {},
  ): Promise<Grant> {
    const userRef = credentials.principal.userEntityRef;
    return this.audit(
      `access-grant-${answer}`,
      { grantId: id, userRef, reason: decision.reason },
      context,
      async () => {
        const requested = await this.answerable(id, credentials, answer);
        return answer === 'approve'
          ? this.activateApproved(requested, userRef, decision.reason)
          : this.closeRequest(requested, 'denied', userRef, decision.reason);
      },
      g => ({
        grantId: g.id,
        requester: g.userRef,
        team: g.team,
        state: g.state,
        expiresAt: g.expiresAt,
      }),
    );
  }

  private async activateApproved(
    requested: Grant,
    by: string,
    reason: string,
  ): Promise<Grant> {
    const { teams } = this.deps;
    // The requester must still be known (and, for a longer ttl, a member) now.
    const groups = await teams.membershipOf(requested.userRef);
    const needed = this.requiredGroup(requested);
    if (!groups || (needed && !groups.includes(needed))) {
      throw new ConflictError(
        `${requested.userRef} is no longer ${
          groups ? `a member of ${needed}` : 'in the catalog'
        }: the request cannot be approved`,
      );
    }
    await this.deps.bundle.require(requested.cluster);
    const nowMs = this.now();
    const input = requestOfGrant(requested);
    const pending: Grant = {
      ...requested,
      state: 'pending',
      namespaces: await teams.managedNamespaces(
        requested.cluster,
        requested.team,
      ),
      expiresAt: new Date(nowMs + input.ttlMs).toISOString(),
      approval: decidedApproval(requested, by, reason, nowMs),
    };
    const { grant, created } = await this.lifecycleOf(pending).create(
      pending,
      grantRequestKey(requested.userRef, input),
    );
    if (!created || grant.id !== requested.id) {
      throw new ConflictError(
        `Grant ${requested.id} was answered at the same time by someone else, or ${requested.userRef} already holds the same grant (${grant.id})`,
      );
    }
    await this.tellApproval('decided', grant);
    return grant;
  }

  /** Ends a request, denied or unanswered (compare-and-set: one answer wins). */
  private async closeRequest(
    requested: Grant,
    endReason: 'denied' | 'unanswered',
    by: string,
    reason: string,
  ): Promise<Grant> {
    const nowMs = this.now();
    const closed = await this.deps.store.transition(
      requested.id,
      ['requested'],
      'denied',
      nowMs,
      {
        endReason,
        revokedBy: by,
        revoked: true,
        approval: decidedApproval(requested, by, reason, nowMs),
      },
    );
    if (!closed) {
      throw new ConflictError(
        `Grant ${requested.id} was answered at the same time by someone else`,
      );
    }
    const grant = (await this.deps.store.get(requested.id))!;
    await this.tellApproval('decided', grant);
    return grant;
  }

  /**
   * Closes the requests nobody answered in time (each by one replica: the state
   * change is compare-and-set). Returns how many this call closed.
   */
  async expireUnanswered(): Promise<number> {
    const outcomes = [];
    for (const grant of await this.deps.store.unanswered(this.now())) {
      outcomes.push(
        await this.audit(
          'access-grant-unanswered',
          { grantId: grant.id, userRef: grant.userRef, team: grant.team },
          {},
          () =>
            this.closeRequest(
              grant,
              'unanswered',
              'system:expiry',
              `No lead of team ${grant.team} answered by ${grant.expiresAt}`,
            ),
        ).then(
          () => true,
          error => {
            this.deps.logger.warn(
              `Could not close request ${grant.id}: ${describeError(error)}`,
            );
            return false;
          },
        ),
      );
    }
    return outcomes.filter(Boolean).length;
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
    return this.listInScope(
      { userRef: credentials.principal.userEntityRef, teams },
      query,
    );
  }

  /**
   * One page of the grants within a scope the caller decided: a service's, from
   * `aiml.serviceAccess` (people go through {@link AccessBroker.list}).
   */
  async listInScope(
    scope: GrantReadScope,
    query: GrantListQuery = { limit: DEFAULT_GRANT_PAGE },
  ): Promise<{ items: Grant[]; nextCursor?: string }> {
    const page = await this.deps.store.list({ ...query, scope });
    return {
      items: page.items,
      ...(page.next ? { nextCursor: encodeGrantCursor(page.next) } : {}),
    };
  }

  /** One grant, if the caller may read it by the same rule as {@link AccessBroker.list}. */
  async get(id: string, credentials: UserCredentials): Promise<Grant> {
    const grant = await this.deps.store.get(id);
    const userRef = credentials.principal.userEntityRef;
    const teams =
      !grant || grant.userRef === userRef
        ? []
        : await this.deps.authorizer.allowedTeams(
            aimlAccessReadPermission,
            [grant.team],
            credentials,
          );
    return visibleGrant(id, grant, { userRef, teams });
  }

  /** One grant within a scope the caller decided (see {@link AccessBroker.listInScope}). */
  async getInScope(id: string, scope: GrantReadScope): Promise<Grant> {
    return visibleGrant(id, await this.deps.store.get(id), scope);
  }

  /** Revokes a grant: the grantee, the team's leads and admins may. */
  async revoke(
    id: string,
    credentials: UserCredentials,
    context: AuditContext = {},
  ): Promise<Grant> {
    const grant = await this.get(id, credentials);
    const userRef = credentials.principal.userEntityRef;
    return this.audit(
      'access-grant-revoke',
      { grantId: id, team: grant.team, cluster: grant.cluster, userRef },
      context,
      async () => {
        if (grant.userRef !== userRef) {
          await this.deps.authorizer.require(
            aimlAccessRevokePermission,
            grant.team,
            credentials,
            `${userRef} may not revoke grant ${id} of ${grant.userRef} (only the grantee, the team's leads and platform admins may)`,
          );
        }
        const ended = await this.end(grant, 'revoked', userRef);
        await this.deps.events?.revoked(ended, userRef);
        return ended;
      },
    );
  }

  /** Active grants whose expiry is at or before `ms` (those about to end, for notices). */
  async activeEndingBy(ms: number): Promise<Grant[]> {
    return this.deps.store.due(ms);
  }

  /** The kubeconfig of an active token grant, for its grantee only; never stored. */
  async kubeconfig(
    id: string,
    credentials: UserCredentials,
    context: AuditContext = {},
  ): Promise<string> {
    const grant = await this.deps.store.get(id);
    const userRef = credentials.principal.userEntityRef;
    if (!grant || grant.userRef !== userRef) {
      throw new NotAllowedError(
        `Only the grantee may download the kubeconfig of grant ${id}`,
      );
    }
    if (grant.state === 'requested') {
      throw new ConflictError(
        `Grant ${id} is waiting for approval by the leads of team "${grant.team}"`,
      );
    }
    return this.audit(
      'access-grant-kubeconfig',
      { grantId: id, cluster: grant.cluster, userRef },
      context,
      () => this.lifecycleOf(grant).kubeconfig(grant),
    );
  }

  /** Ends a grant on the cluster (or in EKS), then marks it revoked. Safe to re-run. */
  private async end(
    grant: Grant,
    reason: GrantEndReason,
    by: string,
  ): Promise<Grant> {
    if (grant.state === 'revoked' || grant.state === 'failed') return grant;
    return this.lifecycleOf(grant).end(grant, reason, by);
  }

  /**
   * Revokes every active grant whose time is up. Each grant is claimed (active →
   * revoking) by exactly one caller, across replicas, which alone audits and
   * revokes it. Returns how many grants this call expired.
   */
  async expireDue(): Promise<number> {
    const due = await this.deps.store.due(this.now());
    let expired = 0;
    for (const [strategy, lifecycle] of Object.entries(this.deps.lifecycles)) {
      expired += await lifecycle.expire(
        due.filter(g => g.strategy === strategy),
      );
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
    for (const lifecycle of Object.values(this.deps.lifecycles)) {
      await lifecycle.reconcile();
    }
  }

  /**
   * Sweeps the team namespaces (see {@link NamespaceSweep}) and ends the live
   * grants an older release made: their ServiceAccount sat in a team namespace,
   * bound to Kubernetes' own roles, which let a grantee mint lasting tokens.
   */
  async sweepNamespaces(): Promise<void> {
    const { legacyGrantIds } = await this.deps.sweep.run();
    for (const id of legacyGrantIds) {
      const grant = await this.deps.store.get(id);
      if (!grant || (grant.state !== 'active' && grant.state !== 'pending')) {
        continue; // Not live: the reconciler deletes its objects as orphans.
      }
      await this.audit(
        'access-grant-legacy-revoke',
        {
          grantId: id,
          userRef: grant.userRef,
          team: grant.team,
          cluster: grant.cluster,
        },
        {},
        () => this.end(grant, 'revoked', 'system:migration'),
      ).catch(error =>
        this.deps.logger.warn(
          `Could not end grant ${id} of an older release: ${describeError(
            error,
          )}`,
        ),
      );
    }
  }

  /**
   * Revokes the grants of people who left: a team grant once its holder is no
   * longer a member of the team, a break-glass grant once its holder left the
   * break-glass group, and every grant of a person missing from the catalog for
   * longer than the leaver grace. A catalog that does not answer revokes nothing.
   */
  async recheckMembership(): Promise<void> {
    const { store, teams, logger, policy } = this.deps;
    const active = await store.byState(['active']);
    const membership = new Map<string, string[] | undefined>();
    const nowMs = this.now();
    for (const grant of active) {
      if (!membership.has(grant.userRef)) {
        try {
          membership.set(
            grant.userRef,
            await teams.membershipOf(grant.userRef),
          );
        } catch (error) {
          logger.warn(`Skipping membership check: ${describeError(error)}`);
          return;
        }
      }
      const groups = membership.get(grant.userRef);
      let why: string | undefined;
      if (groups === undefined) {
        const since = this.missingSince.get(grant.userRef) ?? nowMs;
        this.missingSince.set(grant.userRef, since);
        if (nowMs - since >= policy.leaverGraceMs) {
          why = `${
            grant.userRef
          } has been missing from the catalog since ${new Date(
            since,
          ).toISOString()}`;
        }
      } else {
        this.missingSince.delete(grant.userRef);
        const needed = this.requiredGroup(grant);
        if (needed && !groups.includes(needed)) {
          why = `${grant.userRef} is no longer a member of ${needed}`;
        }
      }
      if (!why) continue;
      await this.audit(
        'access-grant-membership-revoke',
        {
          grantId: grant.id,
          userRef: grant.userRef,
          team: grant.team,
          breakGlass: grant.breakGlass,
          why,
        },
        {},
        () => this.end(grant, 'membership', 'system:membership'),
      ).catch(error =>
        logger.warn(
          `Could not revoke grant ${grant.id}: ${describeError(error)}`,
        ),
      );
    }
  }
}
