import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { readAimlConfig } from '../config/readAimlConfig';
import { aimlSandboxServiceRef } from '../sandbox/sandboxService';
import { awsEnvironment, AwsClients } from './awsClients';
import {
  AimlClusterRegistry,
  DefaultAimlClusterRegistry,
} from './clusterRegistry';

/**
 * The cluster registry, one per backend process so every plugin shares its caches.
 * Adopters may replace it with their own factory.
 *
 * @public
 */
export const aimlClusterRegistryServiceRef =
  createServiceRef<AimlClusterRegistry>({
    id: 'aiml.cluster-registry',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          config: coreServices.rootConfig,
          lifecycle: coreServices.rootLifecycle,
          sandbox: aimlSandboxServiceRef,
        },
        factory({ config, lifecycle, sandbox }) {
          const aiml = readAimlConfig(config);
          const clients = new AwsClients(awsEnvironment(sandbox.connection));
          lifecycle.addShutdownHook(() => clients.destroy());
          return new DefaultAimlClusterRegistry(
            aiml.clusters,
            clients,
            sandbox.clock,
          );
        },
      }),
  });
