import {
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { aimlApiFactory } from './api/factory';
import { rootRouteRef } from './routes';

/**
 * The aiml frontend plugin (legacy frontend system).
 *
 * @public
 */
export const aimlPlugin = createPlugin({
  id: 'aiml',
  apis: [aimlApiFactory],
  routes: {
    root: rootRouteRef,
  },
});

/**
 * The portal page: accelerator spend and waste of the teams the user may see, the
 * fleet's capacity per cluster and accelerator type, and cluster access.
 *
 * @public
 */
export const AimlPage = aimlPlugin.provide(
  createRoutableExtension({
    name: 'AimlPage',
    component: () => import('./components/AimlPage').then(m => m.AimlPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * A team's accelerator usage and spend, for a tab of the Group page.
 *
 * @public
 */
export const EntityAimlTeamUsageContent = aimlPlugin.provide(
  createComponentExtension({
    name: 'EntityAimlTeamUsageContent',
    component: {
      lazy: () =>
        import('./components/TeamUsage').then(
          m => m.EntityAimlTeamUsageContent,
        ),
    },
  }),
);

/**
 * A team's accelerator spend at a glance, for the Group overview.
 *
 * @public
 */
export const EntityAimlTeamUsageCard = aimlPlugin.provide(
  createComponentExtension({
    name: 'EntityAimlTeamUsageCard',
    component: {
      lazy: () =>
        import('./components/TeamUsage').then(m => m.EntityAimlTeamUsageCard),
    },
  }),
);

/**
 * A project's accelerator usage and spend, for a tab of the Component page.
 *
 * @public
 */
export const EntityAimlProjectUsageContent = aimlPlugin.provide(
  createComponentExtension({
    name: 'EntityAimlProjectUsageContent',
    component: {
      lazy: () =>
        import('./components/ProjectUsage').then(
          m => m.EntityAimlProjectUsageContent,
        ),
    },
  }),
);

/**
 * A project's accelerator spend at a glance, for the Component overview.
 *
 * @public
 */
export const EntityAimlProjectUsageCard = aimlPlugin.provide(
  createComponentExtension({
    name: 'EntityAimlProjectUsageCard',
    component: {
      lazy: () =>
        import('./components/ProjectUsage').then(
          m => m.EntityAimlProjectUsageCard,
        ),
    },
  }),
);

/**
 * Starting a project's held workloads, for the Component overview: what they still
 * wait for (their image in ECR, their Pod Identity association) and a start button.
 *
 * @public
 */
export const EntityAimlWorkloadStartCard = aimlPlugin.provide(
  createComponentExtension({
    name: 'EntityAimlWorkloadStartCard',
    component: {
      lazy: () =>
        import('./components/WorkloadStart').then(
          m => m.EntityAimlWorkloadStartCard,
        ),
    },
  }),
);

/**
 * The cluster access card for Group and Component pages: the team is the Group, or
 * the Component's owner.
 *
 * @public
 */
export const EntityAimlClusterAccessCard = aimlPlugin.provide(
  createComponentExtension({
    name: 'EntityAimlClusterAccessCard',
    component: {
      lazy: () =>
        import('./components/ClusterAccessCard').then(
          m => m.EntityAimlClusterAccessCard,
        ),
    },
  }),
);

/**
 * The cluster access card outside entity pages: for the given team, or the
 * signed-in user's teams.
 *
 * @public
 */
export const AimlClusterAccessCard = aimlPlugin.provide(
  createComponentExtension({
    name: 'AimlClusterAccessCard',
    component: {
      lazy: () =>
        import('./components/ClusterAccessCard').then(m => m.ClusterAccessCard),
    },
  }),
);
