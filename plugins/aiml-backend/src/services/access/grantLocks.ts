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
 * process) locks are in-process only. Holders must not take another lock.
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

/** At most `size` holders at once within this process; the others wait their turn, in order. */
class Slots {
  private readonly waiting: Array<() => void> = [];

  constructor(private free: number) {}

  async acquire(): Promise<() => void> {
    if (this.free > 0) this.free--;
    else await new Promise<void>(resolve => this.waiting.push(resolve));
    return () => {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    };
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
  /** One mutex and one set of slots per database client: the holders in this process, whichever object they use. */
  private static readonly perClient = new WeakMap<
    Knex,
    { local: LocalMutex; slots: Slots }
  >();
  private readonly local: LocalMutex;
  private readonly slots: Slots;
  private readonly advisory: boolean;

  constructor(
    private readonly db: Knex,
    private readonly options: { waitMs?: number } = {},
  ) {
    const client = db.client as { dialect?: string; pool?: { max?: number } };
    this.advisory = client?.dialect === 'postgresql';
    let shared = DatabaseGrantLocks.perClient.get(db);
    if (!shared) {
      // A holder keeps one pooled connection for its advisory transaction and needs
      // another for its own queries (written outside that transaction, so they are
      // durable before any side effect). Holders of more than half the pool could take
      // every connection and all wait for one more until knex gives up (60 s, a 500).
      const poolSize = client?.pool?.max ?? 10;
      shared = {
        local: new LocalMutex(),
        slots: new Slots(Math.max(1, Math.floor(poolSize / 2))),
      };
      DatabaseGrantLocks.perClient.set(db, shared);
    }
    this.local = shared.local;
    this.slots = shared.slots;
  }

  async withLock<T>(
    key: string,
    fn: (lock: HeldLock) => Promise<T>,
  ): Promise<T> {
    const release = await this.local.acquire(key);
    try {
      if (!this.advisory) return await fn(unlocked);
      // The key first, then a slot: a slot is never held while waiting for a key.
      const releaseSlot = await this.slots.acquire();
      try {
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
        releaseSlot();
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
      const releaseSlot = await this.slots.acquire();
      try {
        const trx = await this.tryAdvisory(key);
        if (!trx) return { acquired: false };
        return { acquired: true, value: await this.holding(trx, fn) };
      } finally {
        releaseSlot();
      }
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
