import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { aimlPermissions } from '@eks-aiml/plugin-aiml-common';
import {
  aimlClockServiceRef,
  aimlClusterRegistryServiceRef,
  AimlMetricsSourceFactory,
  aimlMetricsSourceExtensionPoint,
  TeamDirectory,
} from '@eks-aiml/plugin-aiml-node';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  aimlTeamRules,
  aimlTeamResourceRef,
  TeamAuthorizer,
} from './permissions';
import {
  teamOfRef,
  teamResourceLoader,
} from './permissions/teamResourceLoader';
import { aimlActionsDeps, registerAimlActions } from './actions';
import { createRouter } from './router';
import { readBrokerPolicy } from './services/access/brokerPolicy';
import { createAccessBroker } from './services/access/createAccessBroker';
import { ClusterBundleCheck } from './services/bundle/ClusterBundleCheck';
import { readAimlLimits } from './services/limits/readLimits';
import { grantRequestLimiter } from './services/limits/requestRateLimiter';
import { createUsageService } from './services/usage';
import { createNotifications, teamProjects } from './services/notifications';
import { schedulePriceFetches } from './services/pricing';
import { costComputerFromConfig } from './services/usage/compute';
import { WorkloadStarter } from './services/workloads/WorkloadStarter';

/**
 * The aiml backend plugin: `/api/aiml`.
 *
 * @public
 */
export const aimlPlugin = createBackendPlugin({
  pluginId: 'aiml',
  register(env) {
    // Metrics sources added by modules (the sandbox's, an adopter's); Prometheus is built in.
    const metricsSources = new Map<string, AimlMetricsSourceFactory>();
    env.registerExtensionPoint(aimlMetricsSourceExtensionPoint, {
      addMetricsSource(type, factory) {
        if (type === 'prometheus' || metricsSources.has(type)) {
          throw new Error(
            `A metrics source of type ${type} is already installed; a type may be added once`,
          );
        }
        metricsSources.set(type, factory);
      },
    });
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
        clock: aimlClockServiceRef,
        cache: coreServices.cache,
        lifecycle: coreServices.lifecycle,
        actionsRegistry: actionsRegistryServiceRef,
        notifications: notificationService,
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
          // Every team-scoped request reads its Group: reuse it as long as the portal's
          // policy reuses a user's memberships, so a changed Group (its leads) counts as soon.
          groupCacheMs: 15_000,
        });
        const loadTeams = teamResourceLoader(teams);
        permissionsRegistry.addPermissions(aimlPermissions);
        permissionsRegistry.addResourceType({
          resourceRef: aimlTeamResourceRef,
          permissions: aimlPermissions.filter(p => 'resourceType' in p),
          rules: Object.values(aimlTeamRules),
          getResources: refs => loadTeams(refs.map(teamOfRef)),
        });
        // Conditional decisions are evaluated here, with the rules registered above.
        const authorizer = new TeamAuthorizer({
          permissions,
          loadTeams,
          applyConditions: createConditionAuthorizer(
            permissionsRegistry.getPermissionRuleset(aimlTeamResourceRef),
          ),
        });
        const bundle = new ClusterBundleCheck({
          registry,
          logger,
          nowMs: () => deps.clock.nowMs(),
        });
        // Read-only: a cluster without this release's bundle gets no grants until a
        // platform team applies it; the check runs at start-up and every 5 minutes.
        await scheduler.scheduleTask({
          id: 'aiml-cluster-bundle-check',
          frequency: { minutes: 5 },
          timeout: { minutes: 2 },
          initialDelay: { seconds: 1 },
          scope: 'local',
          fn: async () => {
            await bundle.checkAll();
          },
        });
        const notices = await createNotifications({
          ...deps,
          teams,
          logger,
          nowMs: () => deps.clock.nowMs(),
        });
        const broker = await createAccessBroker({
          events: notices.grantEvents,
          bundle,
          policy: readBrokerPolicy(deps.config),
          database: deps.database,
          registry,
          teams,
          catalog: deps.catalog,
          auth: deps.auth,
          permissions,
          authorizer,
          auditor: deps.auditor,
          logger,
          clock: deps.clock,
        });
        // One replica at a time (a global task); also runs at start-up, so grants that expired
        // while down are revoked and access entries left half-done by a crash are finished.
        await scheduler.scheduleTask({
          id: 'aiml-access-expiry',
          frequency: { seconds: 30 },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 1 },
          fn: async () => {
            await broker.expireDue();
            await broker.expireUnanswered();
            await broker.reconcile();
          },
        });
        // One replica at a time, also at start-up: migrates clusters an older release used.
        await scheduler.scheduleTask({
          id: 'aiml-access-namespace-sweep',
          frequency: { minutes: 5 },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 2 },
          fn: () => broker.sweepNamespaces(),
        });
        await scheduler.scheduleTask({
          id: 'aiml-access-membership',
          frequency: { minutes: 5 },
          timeout: { minutes: 5 },
          fn: () => broker.recheckMembership(),
        });
        const priceStore = await schedulePriceFetches({
          ...deps,
          logger,
        });
        const costs = costComputerFromConfig(deps.config);
        deps.lifecycle.addShutdownHook(() => costs.close());
        const usage = {
          service: createUsageService({
            ...deps,
            logger,
            metricsSources,
            costs,
            priceStore,
          }),
          teams,
          catalog: deps.catalog,
          authorizer,
        };
        const checks = notices.checks({
          budget: (team, monthly) => usage.service.budget(team, monthly),
          projects: teamProjects(usage.service),
          activeEndingBy: ms => broker.activeEndingBy(ms),
        });
        // One replica at a time (a global task); the keys stop a second sending anyway.
        await scheduler.scheduleTask({
          id: 'aiml-notifications',
          frequency: { seconds: notices.config.checkIntervalSeconds },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 5 },
          fn: () => checks.run(),
        });
        const starter = new WorkloadStarter({
          catalog: deps.catalog,
          registry,
          teams,
          authorizer: usage.authorizer,
          auditor: deps.auditor,
        });
        // One bound of grant requests per person, over HTTP and MCP alike.
        const requests = grantRequestLimiter(
          readAimlLimits(deps.config).requestsPerMinute,
        );
        httpRouter.use(
          await createRouter({
            registry,
            httpAuth,
            broker,
            usage,
            starter,
            config: deps.config,
            requests,
          }),
        );
        registerAimlActions(
          deps.actionsRegistry,
          aimlActionsDeps({
            config: deps.config,
            httpAuth,
            usage,
            broker,
            registry,
            requests,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
