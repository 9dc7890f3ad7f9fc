import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import type { AwsEnvironment } from './awsClients';

/**
 * Where AWS lives for the aiml plugins, one per backend process: the real endpoints
 * and the default credential chain unless a module provides another factory (the
 * sandbox module points them at the sandbox).
 *
 * @public
 */
export const aimlAwsEnvironmentServiceRef = createServiceRef<AwsEnvironment>({
  id: 'aiml.aws-environment',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {},
      factory: (): AwsEnvironment => ({}),
    }),
});
