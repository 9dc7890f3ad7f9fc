import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { aimlPermissions } from '@eks-aiml/plugin-aiml-common';
import {
  aimlClusterRegistryServiceRef,
  aimlSandboxServiceRef,
  TeamDirectory,
} from '@eks-aiml/plugin-aiml-node';
import {
  aimlTeamRules,
  aimlTeamResourceRef,
  teamRef,
  TeamAuthorizer,
} from './permissions';
import { createRouter } from './router';
import { AccessBroker } from './services/access/accessBroker';
import { GrantStore } from './services/access/grantStore';
import { TokenStrategy } from './services/access/tokenStrategy';

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
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        auditor: coreServices.auditor,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        registry: aimlClusterRegistryServiceRef,
        sandbox: aimlSandboxServiceRef,
      },
      async init(deps) {
        const {
          httpRouter,
          httpAuth,
          permissions,
          permissionsRegistry,
          registry,
          scheduler,
          logger,
        } = deps;
        const teams = new TeamDirectory({
          catalog: deps.catalog,
          auth: deps.auth,
          config: deps.config,
          registry,
        });
        permissionsRegistry.addPermissions(aimlPermissions);
        permissionsRegistry.addResourceType({
          resourceRef: aimlTeamResourceRef,
          permissions: aimlPermissions.filter(p => 'resourceType' in p),
          rules: Object.values(aimlTeamRules),
          getResources: async refs =>
            Promise.all(
              refs.map(async ref => {
                const name = ref.replace(/^group:default\//, '');
                const team = await teams.getTeam(name).catch(() => undefined);
                return (
                  team && {
                    name,
                    ref: teamRef(name),
                    leadRefs: team.leads.map(l => `user:default/${l}`),
                  }
                );
              }),
            ),
        });
        const broker = new AccessBroker({
          store: await GrantStore.create(deps.database),
          registry,
          teams,
          authorizer: new TeamAuthorizer(permissions),
          permissions,
          auditor: deps.auditor,
          logger,
          clock: deps.sandbox.clock,
          tokens: new TokenStrategy(registry),
        });
        // One replica at a time; also runs at start-up, so grants that expired while down are revoked.
        await scheduler.scheduleTask({
          id: 'aiml-access-expiry',
          frequency: { seconds: 30 },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 1 },
          fn: async () => {
            await broker.expireDue();
            await broker.reconcile();
          },
        });
        await scheduler.scheduleTask({
          id: 'aiml-access-membership',
          frequency: { minutes: 10 },
          timeout: { minutes: 5 },
          fn: () => broker.recheckMembership(),
        });
        httpRouter.use(await createRouter({ registry, httpAuth, broker }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
