import {
  ApiBlueprint,
  createFrontendModule,
  gitlabAuthApiRef,
  googleAuthApiRef,
  microsoftAuthApiRef,
  oktaAuthApiRef,
  oneloginAuthApiRef,
} from '@backstage/frontend-plugin-api';
import {
  KubernetesAuthProviders,
  kubernetesAuthProvidersApiRef,
} from '@backstage/plugin-kubernetes-react';
import { AimlKubernetesAuthProviders } from '../kubernetes/aimlKubernetesAuthProviders';

/**
 * The Kubernetes plugin's auth providers (same id, so it replaces them) with the
 * product's `aimlEks` provider added, as the legacy app's API factory does.
 */
export const aimlKubernetesAuthProvidersApi = ApiBlueprint.make({
  name: 'auth-providers',
  params: defineParams =>
    defineParams({
      api: kubernetesAuthProvidersApiRef,
      deps: {
        gitlabAuthApi: gitlabAuthApiRef,
        googleAuthApi: googleAuthApiRef,
        microsoftAuthApi: microsoftAuthApiRef,
        oktaAuthApi: oktaAuthApiRef,
        oneloginAuthApi: oneloginAuthApiRef,
      },
      factory: deps =>
        new AimlKubernetesAuthProviders(
          new KubernetesAuthProviders({
            microsoftAuthApi: deps.microsoftAuthApi,
            googleAuthApi: deps.googleAuthApi,
            oidcProviders: {
              gitlab: deps.gitlabAuthApi,
              google: deps.googleAuthApi,
              microsoft: deps.microsoftAuthApi,
              okta: deps.oktaAuthApi,
              onelogin: deps.oneloginAuthApi,
            },
          }),
        ),
    }),
});

/**
 * A module of the Kubernetes plugin that lets its Kubernetes tab read the product's
 * clusters (`authProvider: aimlEks`): install it next to `@backstage/plugin-kubernetes/alpha`.
 *
 * @alpha
 */
export const aimlKubernetesModule = createFrontendModule({
  pluginId: 'kubernetes',
  extensions: [aimlKubernetesAuthProvidersApi],
});
