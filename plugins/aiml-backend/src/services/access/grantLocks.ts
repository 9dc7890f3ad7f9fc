import { createHash } from 'node:crypto';
import { ServiceUnavailableError } from '@backstage/errors';
import { Knex } from 'knex';

/**
 * A lock while it is held.
 *
 * @public
 */
export interface HeldLock {
  /** Throws when the lock may have been lost (its database session is gone). */
  assertHeld(): Promise<void>;
}

/**
 * Mutual exclusion for grant work across the replicas of the backend: the work on
 * one access-entry principal, or on one token grant, runs in one place at a time.
 * On PostgreSQL a lock is a transaction-scoped advisory lock, so a replica that
 * dies (even SIGKILL) releases its locks with its connection; on SQLite (one
 * process) locks are in-process only.
 *
 * @public
 */
export interface GrantLocks {
  /** Runs `fn` holding the lock, waiting for it (ServiceUnavailableError when that takes too long). */
  withLock<T>(key: string, fn: (lock: HeldLock) => Promise<T>): Promise<T>;
  /** Runs `fn` only if the lock is free now. */
  tryLock<T>(
    key: string,
    fn: (lock: HeldLock) => Promise<T>,
  ): Promise<{ acquired: true; value: T } | { acquired: false }>;
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Serializes holders of a key within this process. */
class LocalMutex {
  private readonly tails = new Map<string, Promise<void>>();

  private enqueue(key: string) {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>(resolve => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    return {
      ready: previous,
      release: () => {
        release();
        if (this.tails.get(key) === tail) this.tails.delete(key);
      },
    };
  }

  async acquire(key: string): Promise<() => void> {
    const { ready, release } = this.enqueue(key);
    await ready;
    return release;
  }

  tryAcquire(key: string): (() => void) | undefined {
    if (this.tails.has(key)) return undefined;
    return this.enqueue(key).release;
  }
}

const unlocked: HeldLock = { assertHeld: async () => {} };

/** The 64-bit advisory lock id of a key. */
function advisoryId(key: string): string {
  return createHash('sha256')
    .update(`aiml-grants\n${key}`)
    .digest()
    .readBigInt64BE(0)
    .toString();
}

/**
 * Grant locks on the plugin's database.
 *
 * @public
 */
export class DatabaseGrantLocks implements GrantLocks {
  /** One mutex per database client: the holders in this process, whichever object they use. */
  private static readonly mutexes = new WeakMap<Knex, LocalMutex>();
  private readonly local: LocalMutex;
  private readonly advisory: boolean;

  constructor(
    private readonly db: Knex,
    private readonly options: { waitMs?: number } = {},
  ) {
    this.advisory = (db.client as any)?.dialect === 'postgresql';
    let local = DatabaseGrantLocks.mutexes.get(db);
    if (!local) {
      local = new LocalMutex();
      DatabaseGrantLocks.mutexes.set(db, local);
    }
    this.local = local;
  }

  async withLock<T>(
    key: string,
    fn: (lock: HeldLock) => Promise<T>,
  ): Promise<T> {
    const release = await this.local.acquire(key);
    try {
      if (!this.advisory) return await fn(unlocked);
      const deadline = Date.now() + (this.options.waitMs ?? 60_000);
      let delay = 20;
      for (;;) {
        const trx = await this.tryAdvisory(key);
        if (trx) return await this.holding(trx, fn);
        if (Date.now() > deadline) {
          throw new ServiceUnavailableError(
            'Another replica of the portal is still working on the same access; try again in a minute',
          );
        }
        await sleep(delay + Math.floor(Math.random() * delay));
        delay = Math.min(delay * 2, 500);
      }
    } finally {
      release();
    }
  }

  async tryLock<T>(
    key: string,
    fn: (lock: HeldLock) => Promise<T>,
  ): Promise<{ acquired: true; value: T } | { acquired: false }> {
    const release = this.local.tryAcquire(key);
    if (!release) return { acquired: false };
    try {
      if (!this.advisory) return { acquired: true, value: await fn(unlocked) };
      const trx = await this.tryAdvisory(key);
      if (!trx) return { acquired: false };
      return { acquired: true, value: await this.holding(trx, fn) };
    } finally {
      release();
    }
  }

  /** A transaction holding the key's advisory lock, or undefined when another session holds it. */
  private async tryAdvisory(
    key: string,
  ): Promise<Knex.Transaction | undefined> {
    const trx = await this.db.transaction();
    try {
      const result = await trx.raw(
        'select pg_try_advisory_xact_lock(?::bigint) as ok',
        [advisoryId(key)],
      );
      if (result.rows[0]?.ok === true) return trx;
    } catch (error) {
      await trx.rollback().catch(() => undefined);
      throw error;
    }
    await trx.commit();
    return undefined;
  }

  private async holding<T>(
    trx: Knex.Transaction,
    fn: (lock: HeldLock) => Promise<T>,
  ): Promise<T> {
    try {
      return await fn({
        assertHeld: async () => {
          await trx.raw('select 1');
        },
      });
    } finally {
      // Ending the transaction releases the lock.
      await trx.commit().catch(() => undefined);
    }
  }
}
