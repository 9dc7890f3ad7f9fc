import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogLocationsExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createPublishLocalAction } from './publishLocalAction';
import { createRegisterLocalAction } from './registerLocalAction';
import { isSandboxMode, localRepositoriesDir } from './localRepositories';

/** Sandbox mode only: the local publish and register actions of the golden paths. */
export const scaffolderModuleLocalPublish = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'portal-local-publish',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
      },
      async init({ scaffolder, config, catalog }) {
        if (!isSandboxMode(config)) return;
        const root = localRepositoriesDir(config);
        scaffolder.addActions(
          createPublishLocalAction({ root }),
          createRegisterLocalAction({ root, catalog }),
        );
      },
    });
  },
});

/** Sandbox mode only: the catalog accepts `file` locations (for locally published projects). */
export const catalogModuleLocalLocations = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'portal-local-locations',
  register(reg) {
    reg.registerInit({
      deps: {
        locations: catalogLocationsExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ locations, config }) {
        if (isSandboxMode(config))
          locations.setAllowedLocationTypes(['url', 'file']);
      },
    });
  },
});
