import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  aimlClusterRegistryServiceRef,
  readWorkloadRoleName,
  TeamDirectory,
} from '@eks-aiml/plugin-aiml-node';
import {
  createClusterDescribeAction,
  createNamespaceProvisionAction,
  createProjectRetireAction,
  createWorkloadApplyAction,
  createWorkloadRenderAction,
  createWorkloadResumeAction,
} from './actions';
import { readNeuronSchedulerName } from './manifests/neuronScheduler';

/**
 * The aiml scaffolder actions.
 *
 * @public
 */
export const scaffolderModuleAiml = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'aiml',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        registry: aimlClusterRegistryServiceRef,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        permissions: coreServices.permissions,
      },
      async init({
        scaffolder,
        registry,
        catalog,
        auth,
        config,
        discovery,
        permissions,
      }) {
        const teams = new TeamDirectory({ catalog, auth, config, registry });
        const workloadRole = readWorkloadRoleName(config);
        const neuronSchedulerName = readNeuronSchedulerName(config);
        scaffolder.addActions(
          createClusterDescribeAction({ registry, teams }),
          createNamespaceProvisionAction({ registry, teams }),
          createWorkloadRenderAction({
            registry,
            teams,
            workloadRole,
            neuronSchedulerName,
          }),
          createWorkloadApplyAction({ registry, teams, workloadRole }),
          createWorkloadResumeAction({ discovery }),
          createProjectRetireAction({ registry, teams, catalog, permissions }),
        );
      },
    });
  },
});
