import { isError } from '@backstage/errors';
import {
  createBackendModule,
  coreServices,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  AuthenticationStrategy,
  ClusterDetails,
  KubernetesClustersSupplier,
  KubernetesCredential,
  kubernetesAuthStrategyExtensionPoint,
  kubernetesClusterSupplierExtensionPoint,
  kubernetesObjectsProviderExtensionPoint,
} from '@backstage/plugin-kubernetes-node';
import { AIML_EKS_AUTH_PROVIDER } from '@eks-aiml/plugin-aiml-common';
import {
  aimlClockServiceRef,
  AimlClusterRegistry,
  aimlClusterRegistryServiceRef,
  TeamDirectory,
} from '@eks-aiml/plugin-aiml-node';
import { PortalReaderTokens, tokenRequestSource } from './portalReaderTokens';
import {
  readKubernetesTabConfig,
  TeamScopedObjectsProvider,
} from './teamScopedObjects';

/**
 * Supplies Backstage's Kubernetes plugin with the configured clusters, so the
 * Kubernetes tab, usage and access always show the same clusters. A cluster EKS
 * cannot describe right now is left out (and logged), not fatal to the others.
 *
 * @public
 */
export class AimlKubernetesClusterSupplier
  implements KubernetesClustersSupplier
{
  constructor(
    private readonly registry: AimlClusterRegistry,
    private readonly logger: LoggerService,
  ) {}

  async getClusters(): Promise<ClusterDetails[]> {
    const described = await Promise.all(
      this.registry.listClusters().map(async cluster => {
        try {
          const d = await this.registry.describeCluster(cluster.name);
          return {
            name: cluster.name,
            title: `${cluster.name} (${cluster.region})`,
            url: d.endpoint,
            caData: d.caData,
            authMetadata: {
              'kubernetes.io/auth-provider': AIML_EKS_AUTH_PROVIDER,
            },
            skipMetricsLookup: true,
          };
        } catch (error) {
          this.logger.warn(
            `Leaving cluster ${cluster.name} out of the Kubernetes plugin: ${
              isError(error) ? error.message : String(error)
            }`,
          );
          return undefined;
        }
      }),
    );
    return described.filter((c): c is NonNullable<typeof c> => c !== undefined);
  }
}

/**
 * Authenticates the Kubernetes plugin to supplied clusters as the portal's read-only
 * identity, the ServiceAccount aiml-access/aiml-portal-reader (short-lived TokenRequest
 * tokens): never with the backend's own (broker) identity, whatever part of the
 * plugin asks.
 *
 * @public
 */
export class AimlEksAuthStrategy implements AuthenticationStrategy {
  constructor(private readonly reader: PortalReaderTokens) {}

  async getCredential(cluster: ClusterDetails): Promise<KubernetesCredential> {
    return {
      type: 'bearer token',
      token: await this.reader.token(cluster.name),
    };
  }

  validateCluster(): Error[] {
    return [];
  }

  presentAuthMetadata(): Record<string, string> {
    return {};
  }
}

/**
 * Installs into the Kubernetes plugin the cluster supplier, the portal reader's auth
 * strategy and the team-scoped objects provider ({@link TeamScopedObjectsProvider}):
 * the Kubernetes tab shows an entity's objects only to its owning team (and platform
 * admins, FinOps), only from the team's managed namespaces, only by its
 * `backstage.io/kubernetes-id` label, read as aiml-access/aiml-portal-reader.
 *
 * @public
 */
export const kubernetesModuleAimlClusters = createBackendModule({
  pluginId: 'kubernetes',
  moduleId: 'aiml-clusters',
  register(reg) {
    reg.registerInit({
      deps: {
        suppliers: kubernetesClusterSupplierExtensionPoint,
        strategies: kubernetesAuthStrategyExtensionPoint,
        objectsProviders: kubernetesObjectsProviderExtensionPoint,
        registry: aimlClusterRegistryServiceRef,
        clock: aimlClockServiceRef,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({
        suppliers,
        strategies,
        objectsProviders,
        registry,
        clock,
        catalog,
        auth,
        config,
        logger,
      }) {
        const reader = new PortalReaderTokens(
          tokenRequestSource(registry, clock),
          clock,
        );
        const teams = new TeamDirectory({ catalog, auth, config, registry });
        const tabConfig = readKubernetesTabConfig(config);
        suppliers.addClusterSupplier(
          new AimlKubernetesClusterSupplier(registry, logger),
        );
        strategies.addAuthStrategy(
          AIML_EKS_AUTH_PROVIDER,
          new AimlEksAuthStrategy(reader),
        );
        objectsProviders.addObjectsProvider(
          async ({
            serviceLocator,
            fetcher,
            objectTypesToFetch,
            customResources,
          }) =>
            new TeamScopedObjectsProvider({
              logger,
              serviceLocator,
              fetcher,
              objectTypesToFetch: objectTypesToFetch ?? [],
              customResources,
              membershipOf: ref => teams.membershipOf(ref),
              managedNamespaces: (cluster, team) =>
                teams.managedNamespaces(cluster, team),
              readerToken: cluster => reader.token(cluster),
              ...tabConfig,
            }),
        );
      },
    });
  },
});
