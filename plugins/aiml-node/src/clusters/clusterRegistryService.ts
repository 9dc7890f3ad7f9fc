import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { readAimlConfig } from '../config/readAimlConfig';
import { aimlClockServiceRef } from '../clock/aimlClock';
import { AwsClients } from './awsClients';
import { aimlAwsEnvironmentServiceRef } from './awsEnvironmentService';
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
          clock: aimlClockServiceRef,
          aws: aimlAwsEnvironmentServiceRef,
        },
        factory({ config, lifecycle, clock, aws }) {
          const aiml = readAimlConfig(config);
          const clients = new AwsClients(aws);
          lifecycle.addShutdownHook(() => clients.destroy());
          return new DefaultAimlClusterRegistry(aiml.clusters, clients, clock);
        },
      }),
  });
