import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { aimlPermissions } from '@eks-aiml/plugin-aiml-common';
import { aimlClusterRegistryServiceRef } from '@eks-aiml/plugin-aiml-node';
import { createRouter } from './router';

/**
 * The aiml backend plugin: `/api/aiml`.
 *
 * @public
 */
export const aimlPlugin = createBackendPlugin({
  pluginId: 'aiml',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissionsRegistry: coreServices.permissionsRegistry,
        registry: aimlClusterRegistryServiceRef,
      },
      async init({ httpRouter, httpAuth, permissionsRegistry, registry }) {
        permissionsRegistry.addPermissions(aimlPermissions);
        httpRouter.use(await createRouter({ registry, httpAuth }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
