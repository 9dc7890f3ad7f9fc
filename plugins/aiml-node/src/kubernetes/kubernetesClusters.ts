import {
  createBackendModule,
  coreServices,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  AuthenticationStrategy,
  ClusterDetails,
  KubernetesClustersSupplier,
  KubernetesCredential,
  kubernetesAuthStrategyExtensionPoint,
  kubernetesClusterSupplierExtensionPoint,
} from '@backstage/plugin-kubernetes-node';
import { AIML_EKS_AUTH_PROVIDER } from '@eks-aiml/plugin-aiml-common';
import { AimlClusterRegistry } from '../clusters/clusterRegistry';
import { aimlClusterRegistryServiceRef } from '../clusters/clusterRegistryService';

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
        } catch (error: any) {
          this.logger.warn(
            `Leaving cluster ${cluster.name} out of the Kubernetes plugin: ${error.message}`,
          );
          return undefined;
        }
      }),
    );
    return described.filter((c): c is NonNullable<typeof c> => c !== undefined);
  }
}

/**
 * Authenticates the Kubernetes plugin to supplied clusters with the backend's EKS token.
 *
 * @public
 */
export class AimlEksAuthStrategy implements AuthenticationStrategy {
  constructor(private readonly registry: AimlClusterRegistry) {}

  async getCredential(cluster: ClusterDetails): Promise<KubernetesCredential> {
    const { token } = await this.registry.getBackendToken(cluster.name);
    return { type: 'bearer token', token };
  }

  validateCluster(): Error[] {
    return [];
  }

  presentAuthMetadata(): Record<string, string> {
    return {};
  }
}

/**
 * Installs the cluster supplier and the EKS auth strategy into the Kubernetes plugin.
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
        registry: aimlClusterRegistryServiceRef,
        logger: coreServices.logger,
      },
      async init({ suppliers, strategies, registry, logger }) {
        suppliers.addClusterSupplier(
          new AimlKubernetesClusterSupplier(registry, logger),
        );
        strategies.addAuthStrategy(
          AIML_EKS_AUTH_PROVIDER,
          new AimlEksAuthStrategy(registry),
        );
      },
    });
  },
});
