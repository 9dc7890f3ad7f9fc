import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { migratedDatabase } from '../migratedDatabase';
import { NotificationLog } from './notificationLog';

// PostgreSQL runs when BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING is set; SQLite always.
const databases = TestDatabases.create({
  ids: ['POSTGRES_16', 'SQLITE_3'],
  disableDocker: true,
});

describe.each(databases.eachSupportedId())(
  'NotificationLog on %s',
  (databaseId: TestDatabaseId) => {
    let first: NotificationLog;
    let second: NotificationLog;

    beforeAll(async () => {
      const db = await databases.init(databaseId);
      await migratedDatabase({ getClient: async () => db } as any);
      // Two logs on one database: two replicas.
      first = new NotificationLog(db);
      second = new NotificationLog(db);
    });

    it('lets one claim of a key win, also when many race on two replicas', async () => {
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 ? first : second).claim('budget:ml-research:2026-12:0', i),
        ),
      );
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      expect(await first.claim('budget:ml-research:2026-12:0', 99)).toBe(false);
      expect(await first.claim('budget:ml-research:2026-12:1', 99)).toBe(true);
    });

    it('lets a released key be claimed again', async () => {
      expect(await first.claim('grant-ending:abc', 1)).toBe(true);
      await second.release('grant-ending:abc');
      expect(await second.claim('grant-ending:abc', 2)).toBe(true);
      expect(await first.claim('grant-ending:abc', 3)).toBe(false);
    });
  },
);
