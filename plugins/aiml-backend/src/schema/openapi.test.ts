import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { mockServices } from '@backstage/backend-test-utils';
import { AimlClusterRegistry } from '@eks-aiml/plugin-aiml-node';
import { createRouter } from '../router';
import { AccessBroker } from '../services/access/accessBroker';

/** Every method+path an express router (and its sub-routers) serves, as OpenAPI paths. */
function routesOf(router: any, prefix = ''): string[] {
  return (router.stack ?? []).flatMap((layer: any) => {
    if (layer.route) {
      const p = `${prefix}${layer.route.path}`.replace(/:([A-Za-z]+)/g, '{$1}');
      return Object.keys(layer.route.methods).map(
        m => `${m.toUpperCase()} ${p}`,
      );
    }
    return layer.handle?.stack ? routesOf(layer.handle, prefix) : [];
  });
}

describe('the OpenAPI spec', () => {
  it('documents every route the plugin serves, and nothing else', async () => {
    const spec = parse(
      fs.readFileSync(path.join(__dirname, 'openapi.yaml'), 'utf8'),
    );
    const documented = Object.entries(
      spec.paths as Record<string, object>,
    ).flatMap(([p, ops]) =>
      Object.keys(ops).map(m => `${m.toUpperCase()} ${p}`),
    );
    const router = await createRouter({
      registry: {} as AimlClusterRegistry,
      httpAuth: mockServices.httpAuth(),
      broker: {} as AccessBroker,
      usage: {},
    } as any);
    expect(routesOf(router).sort()).toEqual(documented.sort());
  });
});
