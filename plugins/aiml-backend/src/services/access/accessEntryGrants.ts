import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, ServiceUnavailableError } from '@backstage/errors';
import { AimlClock, AimlClusterRegistry } from '@eks-aiml/plugin-aiml-node';
import { isBrokerManaged } from './accessEntryPlan';
import {
  AccessEntryBindings,
  AccessEntryStrategy,
} from './accessEntryStrategy';
import { describeError } from './describeError';
import { principalKey } from './principalArn';
import { desiredAccess, grantGroup } from './desiredAccess';
import { GrantLifecycle } from './grantLifecycle';
import { GrantLocks, HeldLock } from './grantLocks';
import { GrantStore } from './grantStore';
import { Grant, GrantEndReason } from './types';

/**
 * What the access-entry side of the broker works with.
 *
 * @public
 */
export interface AccessEntryGrantsDeps {
  store: GrantStore;
  locks: GrantLocks;
  strategy: AccessEntryStrategy;
  /** The grants' RoleBindings; by default on the registry's clusters with the backend's identity. */
  bindings?: AccessEntryBindings;
  registry: AimlClusterRegistry;
  auditor: AuditorService;
  logger: LoggerService;
  clock: AimlClock;
}

/** The lock of one principal on one cluster: all work on its entry holds it. */
const principalLock = (cluster: string, principalArn: string) =>
  `access-entry\n${cluster}\n${principalKey(principalArn)}`;

const INTERRUPTED = 'interrupted before it was ready; undone by the reconciler';

/**
 * Grants on access-entry clusters. Each grant is a Kubernetes group
 * `aiml-grant-<id>` on its principal's entry, bound by RoleBindings of the same
 * name in the grant's namespaces to the product's ClusterRole of its level; the
 * entry carries no AWS managed access policy. Every change to a principal's
 * grants happens holding that principal's lock (one replica at a time), and ends
 * with a sync: the RoleBindings of newly wanted grants are created, then the
 * entry is driven to exactly the groups of the principal's wanted grants, then
 * the RoleBindings of grants no longer wanted are deleted, and only then does a
 * pending grant become active or a revoking one revoked. A crash leaves rows the
 * next sync finishes, and RoleBindings the reconciler deletes.
 *
 * Everyone who can assume a principal shares its grants: the entry cannot tell
 * them apart.
 *
 * @public
 */
export class AccessEntryGrants implements GrantLifecycle {
  private readonly bindings: AccessEntryBindings;

  constructor(private readonly deps: AccessEntryGrantsDeps) {
    this.bindings = deps.bindings ?? new AccessEntryBindings(deps.registry);
  }

  private now() {
    return this.deps.clock.nowMs();
  }

  /**
   * Activates a new grant (state pending, principal set), or returns the live grant
   * an identical earlier request made. On failure the grant is failed, whatever the
   * attempt added is taken back, and the error is thrown.
   */
  async create(
    grant: Grant,
    liveKey: string,
  ): Promise<{ grant: Grant; created: boolean }> {
    const { store, locks, logger } = this.deps;
    const { cluster, principalArn } = grant;
    if (!principalArn) throw new Error(`grant ${grant.id} has no principal`);
    return locks.withLock(principalLock(cluster, principalArn), async lock => {
      const existing = await store.liveByKey(liveKey);
      if (existing) return { grant: existing, created: false };
      const others = await store.othersOfPrincipal(principalArn, grant.userRef);
      if (others.length > 0) {
        throw new ConflictError(
          `The IAM role ${principalArn} is also the role of ${others[0].userRef}, who has access through it. Access entries give access to a role, so each person needs a role of their own: ask your platform team to give you your own role in the annotation aiml.eks.aws/iam-role-arn`,
        );
      }
      if (
        (await store.insert({ ...grant, nowMs: this.now(), liveKey })) ===
        'duplicate'
      ) {
        const winner = await store.liveByKey(liveKey);
        if (winner) return { grant: winner, created: false };
        throw new ConflictError(
          'An identical request was being processed at the same time; send it again',
        );
      }
      try {
        await this.sync(cluster, principalArn, lock, grant.id);
      } catch (error) {
        await store.transition(grant.id, ['pending'], 'failed', this.now(), {
          endReason: 'failed',
          failure: describeError(error),
        });
        // Take back what the attempt added: its group first (unless the entry is not
        // the broker's, which never carries it), then its RoleBindings.
        await (error instanceof ConflictError
          ? Promise.resolve()
          : this.sync(cluster, principalArn, lock)
        )
          .then(() => this.bindings.delete(grant))
          .catch(e =>
            logger.warn(
              `Could not yet take back what failed grant ${
                grant.id
              } added; the reconciler will: ${describeError(e)}`,
            ),
          );
        throw error;
      }
      return { grant: (await store.get(grant.id))!, created: true };
    });
  }

  /** Ends a grant: revoking, then revoked once EKS confirms. Safe to re-run. */
  async end(grant: Grant, reason: GrantEndReason, by: string): Promise<Grant> {
    const { store, locks, logger } = this.deps;
    const { cluster, principalArn } = grant;
    if (!principalArn) throw new Error(`grant ${grant.id} has no principal`);
    return locks.withLock(principalLock(cluster, principalArn), async lock => {
      await store.transition(
        grant.id,
        ['active', 'pending'],
        'revoking',
        this.now(),
        { endReason: reason, revokedBy: by },
      );
      const current = (await store.get(grant.id))!;
      if (current.state !== 'revoking') return current;
      try {
        await this.sync(cluster, principalArn, lock);
      } catch (error) {
        throw new ServiceUnavailableError(
          `EKS has not confirmed the end of grant ${grant.id}: ${describeError(
            error,
          )}. The grant stays revoking and the reconciler retries every 30 seconds`,
        );
      }
      logger.info(
        `Grant ${grant.id} of ${grant.userRef} on ${cluster} ended (${reason})`,
      );
      return (await store.get(grant.id))!;
    });
  }

  /**
   * Expires due grants, one principal at a time. A grant is claimed (active →
   * revoking) by exactly one replica, which alone audits its expiry. Returns how
   * many grants this call claimed.
   */
  async expire(due: Grant[]): Promise<number> {
    const groups = new Map<string, Grant[]>();
    for (const g of due) {
      if (!g.principalArn) continue;
      const key = principalLock(g.cluster, g.principalArn);
      groups.set(key, [...(groups.get(key) ?? []), g]);
    }
    let claimed = 0;
    for (const [key, grants] of groups) {
      const { cluster, principalArn } = grants[0];
      try {
        claimed += await this.deps.locks.withLock(key, lock =>
          this.expireGroup(cluster, principalArn!, grants, lock),
        );
      } catch (error) {
        this.deps.logger.warn(
          `Could not expire the grants of ${principalArn} on ${cluster}: ${describeError(
            error,
          )}`,
        );
      }
    }
    return claimed;
  }

  private async expireGroup(
    cluster: string,
    principalArn: string,
    grants: Grant[],
    lock: HeldLock,
  ): Promise<number> {
    const { store, auditor } = this.deps;
    const mine: Grant[] = [];
    for (const g of grants) {
      const won = await store.transition(
        g.id,
        ['active'],
        'revoking',
        this.now(),
        { endReason: 'expired', revokedBy: 'system:expiry' },
      );
      if (won) mine.push(g);
    }
    if (mine.length === 0) return 0;
    const events = await Promise.all(
      mine.map(g =>
        auditor.createEvent({
          eventId: 'access-grant-expire',
          severityLevel: g.breakGlass ? 'high' : 'medium',
          meta: {
            grantId: g.id,
            userRef: g.userRef,
            cluster,
            principalArn,
          },
        }),
      ),
    );
    try {
      await this.sync(cluster, principalArn, lock);
    } catch (error) {
      await Promise.all(events.map(e => e.fail({ error: error as Error })));
      throw error;
    }
    await Promise.all(events.map(e => e.success({ meta: {} })));
    return mine.length;
  }

  /**
   * Finishes what crashes and failures left, for every principal with unfinished
   * grants (which also takes from entries any AWS managed policy older releases
   * associated), deletes broker-managed entries no grant needs any more, and
   * RoleBindings of grants that are neither active nor pending. Principals another
   * replica is working on are skipped (the next run gets them).
   */
  async reconcile(): Promise<void> {
    const { store, registry, strategy, locks, logger } = this.deps;
    const clusters = registry
      .listClusters()
      .filter(c => c.access.strategy === 'access-entry')
      .map(c => c.name);
    for (const {
      cluster,
      principalArn,
    } of await store.unfinishedPrincipals()) {
      if (!clusters.includes(cluster)) continue;
      await locks
        .tryLock(principalLock(cluster, principalArn), lock =>
          this.sync(cluster, principalArn, lock),
        )
        .catch(error =>
          logger.warn(
            `Reconciler could not sync ${principalArn} on ${cluster}: ${describeError(
              error,
            )}`,
          ),
        );
    }
    for (const cluster of clusters) {
      try {
        const known = new Set(
          (await store.unfinishedPrincipals())
            .filter(p => p.cluster === cluster)
            .map(p => p.principalArn),
        );
        for (const principalArn of await strategy.listPrincipals(cluster)) {
          if (known.has(principalArn)) continue;
          await locks.tryLock(
            principalLock(cluster, principalArn),
            async lock => {
              const entry = await strategy.read(cluster, principalArn);
              if (!entry || !isBrokerManaged(entry)) return;
              await this.sync(cluster, principalArn, lock);
              logger.info(
                `Reconciler removed the access no grant needs from ${principalArn} on ${cluster}`,
              );
            },
          );
        }
      } catch (error) {
        logger.warn(
          `Reconciler could not check the access entries of ${cluster}: ${describeError(
            error,
          )}`,
        );
      }
      await this.deleteOrphanBindings(cluster);
    }
  }

  /**
   * Deletes RoleBindings of grants the database knows as neither active nor
   * pending (a crash between taking a group from an entry and deleting its
   * bindings, or a failed grant whose clean-up did not get through).
   */
  private async deleteOrphanBindings(cluster: string): Promise<void> {
    const { store, logger } = this.deps;
    try {
      // Cluster first, then the database: a RoleBinding seen on the cluster was made
      // after its grant's row, so a grant created meanwhile is never taken for an orphan.
      const onCluster = await this.bindings.grantIdsOnCluster(cluster);
      if (onCluster.size === 0) return;
      const live = new Set(
        (await store.byState(['active', 'pending'])).map(g => g.id),
      );
      for (const [id, namespaces] of onCluster) {
        if (live.has(id)) continue;
        await this.bindings.deleteOrphan(cluster, id, namespaces);
        logger.info(
          `Deleted ${namespaces.length} orphan RoleBinding(s) of grant ${id} on ${cluster}`,
        );
      }
    } catch (error) {
      logger.warn(
        `Reconciler could not check the grant RoleBindings of ${cluster}: ${describeError(
          error,
        )}`,
      );
    }
  }

  /** Access entries have no kubeconfig to hand out: the grantee signs in to AWS as the principal. */
  async kubeconfig(grant: Grant): Promise<string> {
    const region = this.deps.registry
      .listClusters()
      .find(c => c.name === grant.cluster)?.region;
    throw new ConflictError(
      `Grant ${
        grant.id
      } is on an access-entry cluster: there is no kubeconfig to download. Sign in to AWS as your own role${
        grant.principalArn ? ` (${grant.principalArn})` : ''
      } and run: aws eks update-kubeconfig --name ${grant.cluster}${
        region ? ` --region ${region}` : ''
      }`,
    );
  }

  /**
   * Drives the principal's entry to the groups of its active, unexpired grants
   * (and `activating`), holding its lock. Pending grants other than `activating`
   * were left by a crash and are failed first. The RoleBindings of a grant are
   * created before the entry gains its group, and deleted only once the entry has
   * lost it. On success `activating` becomes active and every revoking grant of
   * the principal revoked.
   */
  private async sync(
    cluster: string,
    principalArn: string,
    lock: HeldLock,
    activating?: string,
  ): Promise<void> {
    const { store, strategy } = this.deps;
    const nowMs = this.now();
    const grants = await store.byPrincipal(cluster, principalArn, [
      'pending',
      'active',
      'revoking',
    ]);
    for (const g of grants) {
      if (g.state === 'pending' && g.id !== activating) {
        await store.transition(g.id, ['pending'], 'failed', nowMs, {
          endReason: 'failed',
          failure: INTERRUPTED,
        });
      }
    }
    const wanted = grants.filter(
      g =>
        g.id === activating ||
        (g.state === 'active' && Date.parse(g.expiresAt) > nowMs),
    );
    const byGroup = new Map(wanted.map(g => [grantGroup(g), g]));
    await strategy.apply(
      cluster,
      principalArn,
      desiredAccess(wanted),
      lock,
      async groups => {
        for (const group of groups) {
          const grant = byGroup.get(group);
          if (grant) await this.bindings.create(grant);
        }
      },
    );
    // The entry no longer carries their groups: the RoleBindings of the others go now.
    for (const g of grants) {
      if (!byGroup.has(grantGroup(g))) await this.bindings.delete(g);
    }
    const doneMs = this.now();
    if (activating) {
      await store.transition(activating, ['pending'], 'active', doneMs);
    }
    for (const g of grants.filter(x => x.state === 'revoking')) {
      await store.transition(g.id, ['revoking'], 'revoked', doneMs, {
        revoked: true,
      });
    }
  }
}
