import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { unregisterEntity } from './unregisterEntity';

const ORIGIN = 'file:/repos/chat/catalog-info.yaml';
const entity = (annotations: Record<string, string> = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'chat',
    namespace: 'default',
    uid: 'uid-1',
    annotations: {
      'backstage.io/managed-by-origin-location': ORIGIN,
      ...annotations,
    },
  },
  spec: { owner: 'group:default/ml-research' },
});

function fakeCatalog(
  options: {
    present?: boolean;
    location?: boolean;
    colocated?: string[];
  } = {},
) {
  const { present = true, location = true, colocated = [] } = options;
  return {
    getEntityByRef: jest.fn(async () => (present ? entity() : undefined)),
    getLocationByRef: jest.fn(async () =>
      location
        ? { id: 'loc-1', type: 'file', target: '/repos/chat' }
        : undefined,
    ),
    getEntities: jest.fn(async () => ({
      items: [
        { kind: 'Component', metadata: { name: 'chat', namespace: 'default' } },
        {
          kind: 'Location',
          metadata: { name: 'generated-1', namespace: 'default' },
        },
        ...colocated.map(name => ({
          kind: 'Component',
          metadata: { name, namespace: 'default' },
        })),
      ],
    })),
    removeLocationById: jest.fn(async () => undefined),
    removeEntityByUid: jest.fn(async () => undefined),
  };
}

const credentials = mockCredentials.user('user:default/lee');
const run = (
  catalog: ReturnType<typeof fakeCatalog>,
  e = entity(),
  dryRun = false,
) =>
  unregisterEntity({
    catalog: catalog as unknown as CatalogService,
    entity: e,
    credentials,
    dryRun,
  });

describe('unregisterEntity', () => {
  it("removes the entity's origin location as the user, as the catalog's Unregister does", async () => {
    const catalog = fakeCatalog();
    await expect(run(catalog)).resolves.toBe(
      `removed location ${ORIGIN} and with it component:default/chat`,
    );
    expect(catalog.getLocationByRef).toHaveBeenCalledWith(ORIGIN, {
      credentials,
    });
    expect(catalog.removeLocationById).toHaveBeenCalledWith('loc-1', {
      credentials,
    });
  });

  it('only says what it would do in a dry run', async () => {
    const catalog = fakeCatalog();
    await expect(run(catalog, entity(), true)).resolves.toBe(
      `would remove location ${ORIGIN} and with it component:default/chat`,
    );
    expect(catalog.removeLocationById).not.toHaveBeenCalled();
  });

  it('refuses to remove a location that holds other entities too', async () => {
    const catalog = fakeCatalog({ colocated: ['chat-docs'] });
    await expect(run(catalog)).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining(
        'also holds component:default/chat-docs',
      ),
    });
    expect(catalog.removeLocationById).not.toHaveBeenCalled();
  });

  it('deletes an orphan by uid, and refuses an entity of a config location', async () => {
    const orphan = fakeCatalog({ location: false });
    await run(orphan, entity({ 'backstage.io/orphan': 'true' }));
    expect(orphan.removeEntityByUid).toHaveBeenCalledWith('uid-1', {
      credentials,
    });
    await expect(run(fakeCatalog({ location: false }))).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining("the portal's config"),
    });
  });

  it('is done when the entity is gone already (a re-run)', async () => {
    const catalog = fakeCatalog({ present: false });
    await expect(run(catalog)).resolves.toBe(
      'component:default/chat is not in the catalog any more',
    );
    expect(catalog.removeLocationById).not.toHaveBeenCalled();
  });
});
