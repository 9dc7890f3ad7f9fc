import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { PriceStore } from './priceStore';

// PostgreSQL runs when BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING is set; SQLite always.
const databases = TestDatabases.create({
  ids: ['POSTGRES_16', 'SQLITE_3'],
  disableDocker: true,
});

const H = 3_600_000;
const spot = (zone: string, fromMs: number, hourly: number) => ({
  accountId: '111122223333',
  zone,
  instanceType: 'g5.48xlarge',
  fromMs,
  hourly,
});

describe.each(databases.eachSupportedId())(
  'PriceStore on %s',
  (databaseId: TestDatabaseId) => {
    let store: PriceStore;

    beforeAll(async () => {
      const db = await databases.init(databaseId);
      store = await PriceStore.create({ getClient: async () => db } as any);
    });

    it('loads a window: list prices, the spot record in effect at its start and later ones', async () => {
      await store.putListPrices(
        [{ region: 'us-west-2', instanceType: 'p5.48xlarge', hourly: 57 }],
        1,
      );
      // A later fetch replaces the list price.
      await store.putListPrices(
        [{ region: 'us-west-2', instanceType: 'p5.48xlarge', hourly: 57.2416 }],
        2,
      );
      await store.putSpotRecords([
        spot('us-east-1b', 0, 7),
        spot('us-east-1b', 10 * H, 6.108),
        spot('us-east-1b', 20 * H, 4.8864),
        spot('us-east-1b', 30 * H, 5),
        spot('us-east-1c', 25 * H, 6),
      ]);
      // Fetched twice: stored once, the first value kept.
      await store.putSpotRecords([spot('us-east-1b', 20 * H, 99)]);
      const loaded = await store.load(15 * H, 30 * H);
      expect(loaded.onDemand).toEqual([
        { region: 'us-west-2', instanceType: 'p5.48xlarge', hourly: 57.2416 },
      ]);
      expect(loaded.spot).toEqual([
        {
          accountId: '111122223333',
          zone: 'us-east-1b',
          instanceType: 'g5.48xlarge',
          records: [
            { fromMs: 10 * H, hourly: 6.108 },
            { fromMs: 20 * H, hourly: 4.8864 },
          ],
        },
        {
          accountId: '111122223333',
          zone: 'us-east-1c',
          instanceType: 'g5.48xlarge',
          records: [{ fromMs: 25 * H, hourly: 6 }],
        },
      ]);
      expect(await store.newestSpotMs('111122223333', 'us-east-1')).toBe(
        30 * H,
      );
      expect(await store.newestSpotMs('111122223333', 'eu-west-1')).toBe(
        undefined,
      );
    });

    it('keeps the last success when a fetch fails', async () => {
      await store.putStatus('list', 1000);
      await store.putStatus('list', 2000, 'ServiceUnavailableException: down');
      expect(await store.statuses()).toEqual([
        {
          kind: 'list',
          attemptedAtMs: 2000,
          succeededAtMs: 1000,
          error: 'ServiceUnavailableException: down',
        },
      ]);
    });
  },
);
