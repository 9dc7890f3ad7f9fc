import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, ServiceUnavailableError } from '@backstage/errors';
import { AimlClock, AimlClusterRegistry } from '@eks-aiml/plugin-aiml-node';
import { audited } from './auditContext';
import { describeError } from './describeError';
import { GrantLifecycle } from './grantLifecycle';
import { GrantLocks } from './grantLocks';
import { GrantStore } from './grantStore';
import { renderGrantKubeconfig } from './renderKubeconfig';
import { TokenStrategy } from './tokenStrategy';
import { Grant, GrantEndReason } from './types';

/** What the token side of the broker works with. */
export interface TokenGrantsDeps {
  store: GrantStore;
  locks: GrantLocks;
  tokens: TokenStrategy;
  registry: AimlClusterRegistry;
  auditor: AuditorService;
  logger: LoggerService;
  clock: AimlClock;
}

/** How long a request identical to one in flight waits for it to settle. */
const DUPLICATE_WAIT_MS = 30_000;

/** The lock of one token grant: its creation and its end hold it. */
const tokenLock = (grantId: string) => `token\n${grantId}`;

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * Grants on token clusters: one ServiceAccount and its RoleBindings per grant
 * (see {@link TokenStrategy}). Work on one grant holds that grant's lock, so
 * replicas never create and end the same grant at once.
 */
export class TokenGrants implements GrantLifecycle {
  constructor(private readonly deps: TokenGrantsDeps) {}

  private now() {
    return this.deps.clock.nowMs();
  }

  async create(
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

  async end(grant: Grant, reason: GrantEndReason, by: string): Promise<Grant> {
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
      await this.finishRevoke(current);
      this.deps.logger.info(
        `Grant ${grant.id} of ${grant.userRef} on ${grant.cluster} ended (${reason})`,
      );
      return (await store.get(grant.id))!;
    });
  }

  /** Deletes a revoking grant's objects, then marks it revoked. */
  private async finishRevoke(grant: Grant): Promise<void> {
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

  async expire(due: Grant[]): Promise<number> {
    let expired = 0;
    for (const grant of due) {
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
            await audited(
              this.deps.auditor,
              'access-grant-expire',
              {
                grantId: grant.id,
                userRef: grant.userRef,
                cluster: grant.cluster,
              },
              {},
              () => this.finishRevoke(grant),
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

  async reconcile(): Promise<void> {
    const { store, tokens, registry, logger, locks } = this.deps;
    for (const grant of await store.unfinished()) {
      if (grant.strategy !== 'token') continue;
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
            await this.finishRevoke(current);
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
  }

  async kubeconfig(grant: Grant): Promise<string> {
    if (grant.state !== 'active' || Date.parse(grant.expiresAt) <= this.now()) {
      throw new ConflictError(
        `Grant ${grant.id} is ${
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
  }
}
