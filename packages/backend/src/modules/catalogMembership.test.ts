import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogMembership, MEMBERSHIP_CACHE_MS } from './catalogMembership';

const user = (name: string, groups: string[]): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name },
  spec: { memberOf: groups },
  relations: [
    ...groups.map(g => ({ type: 'memberOf', targetRef: `group:default/${g}` })),
    { type: 'ownerOf', targetRef: 'component:default/x' },
  ],
});

function setup(initial: Record<string, Entity | undefined>) {
  const entities = { ...initial };
  let now = 1_000_000;
  const catalog = {
    getEntityByRef: jest.fn(async (ref: any) => {
      await new Promise(resolve => setImmediate(resolve));
      return entities[`${ref.kind}:${ref.namespace}/${ref.name}`];
    }),
  };
  const membership = new CatalogMembership({
    catalog: catalog as any,
    auth: {
      getOwnServiceCredentials: async () =>
        mockCredentials.service('plugin:permission'),
    },
    now: () => now,
  });
  return {
    entities,
    catalog,
    membership,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('CatalogMembership', () => {
  it("reads a user's Groups from the catalog's memberOf relations", async () => {
    const { membership, catalog } = setup({
      'user:default/kai': user('kai', ['recsys', 'ml-research']),
    });
    expect(await membership.groupsOf('user:default/kai')).toEqual([
      'group:default/ml-research',
      'group:default/recsys',
    ]);
    expect(catalog.getEntityByRef).toHaveBeenCalledWith(
      { kind: 'user', namespace: 'default', name: 'kai' },
      { credentials: expect.anything() },
    );
  });

  it('answers null, not an empty list, for a user missing from the catalog, or a non-user', async () => {
    const { membership, catalog } = setup({});
    expect(await membership.groupsOf('user:default/ghost')).toBeNull();
    expect(await membership.groupsOf('group:default/recsys')).toBeNull();
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(1);
  });

  it(`sees a removal (or a late stitch) within ${
    MEMBERSHIP_CACHE_MS / 1000
  } s, and shares lookups until then`, async () => {
    const { membership, catalog, entities, advance } = setup({
      'user:default/omar': user('omar', ['recsys']),
    });
    const [a, b] = await Promise.all([
      membership.groupsOf('user:default/omar'),
      membership.groupsOf('user:default/omar'),
    ]);
    expect(a).toEqual(['group:default/recsys']);
    expect(b).toBe(a);
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(1);

    entities['user:default/omar'] = user('omar', []);
    advance(MEMBERSHIP_CACHE_MS - 1);
    expect(await membership.groupsOf('user:default/omar')).toEqual([
      'group:default/recsys',
    ]);
    advance(1);
    expect(await membership.groupsOf('user:default/omar')).toEqual([]);
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(2);
  });

  it('does not cache a catalog that did not answer', async () => {
    const { membership, catalog } = setup({
      'user:default/maya': user('maya', ['ml-research']),
    });
    catalog.getEntityByRef.mockRejectedValueOnce(new Error('ECONNREFUSED'));
    await expect(membership.groupsOf('user:default/maya')).rejects.toThrow(
      'ECONNREFUSED',
    );
    expect(await membership.groupsOf('user:default/maya')).toEqual([
      'group:default/ml-research',
    ]);
  });
});
