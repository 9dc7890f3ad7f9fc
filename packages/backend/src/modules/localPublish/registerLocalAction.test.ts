import path from 'node:path';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createRegisterLocalAction } from './registerLocalAction';

const root = '/srv/repos';
const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'demo', namespace: 'default' },
};

function catalog(processedAfterPolls: number) {
  let polls = 0;
  return {
    addLocation: jest.fn(async (location: { dryRun?: boolean }) => ({
      location: { id: 'l1', type: 'file', target: 'x' },
      entities: location.dryRun ? [entity] : [],
    })),
    getEntityByRef: jest.fn(async () =>
      ++polls > processedAfterPolls ? entity : undefined,
    ),
  } as unknown as jest.Mocked<CatalogService>;
}

const context = () =>
  createMockActionContext({
    input: { repoContentsUrl: path.join(root, 'demo') },
  });

describe('portal:catalog:register-local', () => {
  it('registers the descriptor and returns once the catalog serves the entity', async () => {
    const c = catalog(2);
    const ctx = context();
    await createRegisterLocalAction({ root, catalog: c }).handler(ctx);
    expect(c.addLocation).toHaveBeenCalledWith(
      { type: 'file', target: path.join(root, 'demo/catalog-info.yaml') },
      expect.anything(),
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/demo',
    );
    expect(c.getEntityByRef).toHaveBeenCalledTimes(3);
  });

  it('stops waiting after its bound and says the catalog will show the entity shortly', async () => {
    const c = catalog(Infinity);
    const ctx = context();
    const warn = jest.spyOn(ctx.logger, 'warn');
    await createRegisterLocalAction({ root, catalog: c, waitMs: 100 }).handler(
      ctx,
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/demo',
    );
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/has not processed it yet/),
    );
  });

  it('refuses descriptors outside the local repositories', async () => {
    const ctx = createMockActionContext({
      input: { repoContentsUrl: '/etc' },
    });
    await expect(
      createRegisterLocalAction({ root, catalog: catalog(0) }).handler(ctx),
    ).rejects.toThrow(/Only descriptors inside \/srv\/repos/);
  });
});
