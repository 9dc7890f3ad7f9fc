import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { GrantStore } from './grantStore';
import { Grant } from './types';

// PostgreSQL runs when BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING is set; SQLite always.
const databases = TestDatabases.create({
  ids: ['POSTGRES_16', 'SQLITE_3'],
  disableDocker: true,
});

const grant = (id: string): Grant => ({
  id,
  userRef: 'user:default/maya',
  team: 'ml-research',
  cluster: 'ml-sandbox-usw2',
  level: 'view',
  breakGlass: false,
  strategy: 'access-entry',
  namespaces: ['ml-research-training'],
  reason: 'debug',
  state: 'pending',
  createdAt: new Date(0).toISOString(),
  expiresAt: new Date(3600_000).toISOString(),
  updatedAt: new Date(0).toISOString(),
  principalArn: 'arn:aws:iam::111122223333:role/ml-engineers/maya',
});

describe.each(databases.eachSupportedId())(
  'GrantStore on %s',
  (databaseId: TestDatabaseId) => {
    let store: GrantStore;

    beforeAll(async () => {
      const db = await databases.init(databaseId);
      store = await GrantStore.create({ getClient: async () => db } as any);
    });

    it('keeps one live grant per request key, even for parallel inserts', async () => {
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.insert({
            ...grant(`a${String(i).padStart(11, '0')}`),
            nowMs: 0,
            liveKey: 'key-1',
          }),
        ),
      );
      expect(outcomes.filter(o => o === 'inserted')).toHaveLength(1);
      const live = await store.liveByKey('key-1');
      expect(live).toMatchObject({
        state: 'pending',
        principalArn: 'arn:aws:iam::111122223333:role/ml-engineers/maya',
      });
      // Once the grant has ended, the same request makes a new grant.
      await store.transition(live!.id, ['pending'], 'failed', 1);
      expect(await store.liveByKey('key-1')).toBeUndefined();
      expect(
        await store.insert({
          ...grant('b00000000000'),
          nowMs: 2,
          liveKey: 'key-1',
        }),
      ).toBe('inserted');
    });

    it('moves a grant only from the states given (compare-and-set)', async () => {
      await store.insert({ ...grant('c00000000000'), nowMs: 0 });
      const results = await Promise.all([
        store.transition('c00000000000', ['pending'], 'active', 1),
        store.transition('c00000000000', ['pending'], 'active', 1),
      ]);
      expect(results.sort()).toEqual([false, true]);
      expect(
        await store.transition('c00000000000', ['pending'], 'failed', 2),
      ).toBe(false);
      expect((await store.get('c00000000000'))!.state).toBe('active');
    });

    it('lists the principals with unfinished grants', async () => {
      expect(await store.unfinishedPrincipals()).toEqual([
        {
          cluster: 'ml-sandbox-usw2',
          principalArn: 'arn:aws:iam::111122223333:role/ml-engineers/maya',
        },
      ]);
      expect(
        await store.othersOfPrincipal(
          'arn:aws:iam::111122223333:role/ml-engineers/maya',
          'user:default/lee',
        ),
      ).toHaveLength(2);
    });

    it('takes role names that differ only in case (or path) for the same principal, as IAM does', async () => {
      for (const spelling of [
        'arn:aws:iam::111122223333:role/ml-engineers/MAYA',
        'arn:aws:iam::111122223333:role/Maya',
      ]) {
        expect(
          await store.othersOfPrincipal(spelling, 'user:default/lee'),
        ).toHaveLength(2);
        expect(
          await store.byPrincipal('ml-sandbox-usw2', spelling, [
            'active',
            'pending',
          ]),
        ).toHaveLength(2);
      }
      expect(
        await store.othersOfPrincipal(
          'arn:aws:iam::111122223333:role/mayan',
          'user:default/lee',
        ),
      ).toHaveLength(0);
      expect(
        await store.othersOfPrincipal(
          'arn:aws:iam::444455556666:role/maya',
          'user:default/lee',
        ),
      ).toHaveLength(0);
    });
  },
);
