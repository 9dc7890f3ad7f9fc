import { setTimeout as sleep } from 'node:timers/promises';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import { DatabaseGrantLocks } from './grantLocks';

// PostgreSQL runs when BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING is set; SQLite always.
const databases = TestDatabases.create({
  ids: ['POSTGRES_16', 'SQLITE_3'],
  disableDocker: true,
});

describe.each(databases.eachSupportedId())(
  'DatabaseGrantLocks on %s',
  (databaseId: TestDatabaseId) => {
    let db: Knex;
    let other: Knex;
    const isPostgres = databaseId.startsWith('POSTGRES');

    beforeAll(async () => {
      db = await databases.init(databaseId);
      // A second replica: its own connection pool on the same database.
      other = isPostgres
        ? knexFactory({
            client: 'pg',
            connection: (db.client as any).config.connection,
          })
        : db;
    });

    afterAll(async () => {
      if (other !== db) await other.destroy();
    });

    it('runs holders of one key one at a time, across replicas', async () => {
      const replicas = [
        new DatabaseGrantLocks(db),
        new DatabaseGrantLocks(other),
      ];
      let inside = 0;
      let most = 0;
      await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          replicas[i % 2].withLock('principal-a', async () => {
            inside++;
            most = Math.max(most, inside);
            await sleep(20);
            inside--;
          }),
        ),
      );
      expect(most).toBe(1);
    });

    it('lets tryLock skip a key held elsewhere, and not other keys', async () => {
      const a = new DatabaseGrantLocks(db);
      const b = new DatabaseGrantLocks(other);
      let release!: () => void;
      const held = a.withLock(
        'principal-b',
        () => new Promise<void>(r => (release = r)),
      );
      await sleep(50);
      expect(await b.tryLock('principal-b', async () => 'ran')).toEqual({
        acquired: false,
      });
      expect(await a.tryLock('principal-b', async () => 'ran')).toEqual({
        acquired: false,
      });
      expect(await b.tryLock('principal-c', async () => 'ran')).toEqual({
        acquired: true,
        value: 'ran',
      });
      release();
      await held;
      expect(await b.tryLock('principal-b', async () => 'ran')).toEqual({
        acquired: true,
        value: 'ran',
      });
    });

    it('leaves holders room in the connection pool for their own queries', async () => {
      if (!isPostgres) return;
      // A small pool, and a short wait for a connection, so starvation shows quickly.
      const small = knexFactory({
        client: 'pg',
        connection: (db.client as any).config.connection,
        pool: { min: 0, max: 4 },
        acquireConnectionTimeout: 3000,
      });
      const locks = new DatabaseGrantLocks(small);
      try {
        // Distinct keys (as token grants have): nothing serializes them but the pool.
        const results = await Promise.allSettled(
          Array.from({ length: 12 }, (_, i) =>
            locks.withLock(`grant-${i}`, async () => {
              await small.raw('select 1');
              await sleep(50);
              await small.raw('select 1');
              return i;
            }),
          ),
        );
        expect(results.filter(r => r.status === 'rejected')).toEqual([]);
      } finally {
        await small.destroy();
      }
    });

    it('releases the locks of a replica whose database session dies', async () => {
      if (!isPostgres) return;
      const doomed = knexFactory({
        client: 'pg',
        connection: (db.client as any).config.connection,
      });
      const a = new DatabaseGrantLocks(doomed);
      const b = new DatabaseGrantLocks(other);
      let resume!: () => void;
      const paused = new Promise<void>(r => (resume = r));
      const held = a.withLock('principal-d', async lock => {
        await paused;
        await lock.assertHeld();
      });
      await sleep(100);
      expect((await b.tryLock('principal-d', async () => 1)).acquired).toBe(
        false,
      );
      // As a SIGKILL would: the holder's session ends without unlocking.
      await other.raw(
        `select pg_terminate_backend(pid) from pg_locks
          where locktype = 'advisory' and pid <> pg_backend_pid()
            and database = (select oid from pg_database where datname = current_database())`,
      );
      await sleep(100);
      expect((await b.tryLock('principal-d', async () => 1)).acquired).toBe(
        true,
      );
      // The holder learns it lost the lock before its next write.
      resume();
      await expect(held).rejects.toThrow();
      await doomed.destroy();
    });
  },
);
