import {
  createApiFactory,
  googleAuthApiRef,
  microsoftAuthApiRef,
} from '@backstage/core-plugin-api';
import { AIML_EKS_AUTH_PROVIDER } from '@eks-aiml/plugin-aiml-common';
import {
  KubernetesAuthProviders,
  KubernetesAuthProvidersApi,
  kubernetesAuthProvidersApiRef,
  ServerSideKubernetesAuthProvider,
} from '@backstage/plugin-kubernetes-react';

/**
 * Backstage's Kubernetes auth providers plus the product's: its clusters
 * (`authProvider: aimlEks`) are reached with the portal's own identity on the backend,
 * so the browser sends no credentials for them.
 *
 * @public
 */
export class AimlKubernetesAuthProviders implements KubernetesAuthProvidersApi {
  private readonly serverSide = new ServerSideKubernetesAuthProvider();

  constructor(private readonly builtIn: KubernetesAuthProvidersApi) {}

  decorateRequestBodyForAuth(
    authProvider: string,
    requestBody: Parameters<
      KubernetesAuthProvidersApi['decorateRequestBodyForAuth']
    >[1],
  ) {
    return authProvider === AIML_EKS_AUTH_PROVIDER
      ? this.serverSide.decorateRequestBodyForAuth(requestBody)
      : this.builtIn.decorateRequestBodyForAuth(authProvider, requestBody);
  }

  getCredentials(authProvider: string) {
    return authProvider === AIML_EKS_AUTH_PROVIDER
      ? this.serverSide.getCredentials()
      : this.builtIn.getCredentials(authProvider);
  }
}

/**
 * The app API factory that lets the Kubernetes tab read the product's clusters: add it to
 * the app's `apis` (it replaces the Kubernetes plugin's default auth providers).
 *
 * @public
 */
export const aimlKubernetesAuthProvidersApiFactory = createApiFactory({
  api: kubernetesAuthProvidersApiRef,
  deps: {
    microsoftAuthApi: microsoftAuthApiRef,
    googleAuthApi: googleAuthApiRef,
  },
  factory: ({ microsoftAuthApi, googleAuthApi }) =>
    new AimlKubernetesAuthProviders(
      new KubernetesAuthProviders({ microsoftAuthApi, googleAuthApi }),
    ),
});
