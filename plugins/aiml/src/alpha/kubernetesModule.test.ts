import { ApiBlueprint } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { kubernetesAuthProvidersApiRef } from '@backstage/plugin-kubernetes-react';
import { AIML_EKS_AUTH_PROVIDER } from '@eks-aiml/plugin-aiml-common';
import {
  aimlKubernetesAuthProvidersApi,
  aimlKubernetesModule,
} from './kubernetesModule';

describe('aimlKubernetesModule', () => {
  it("replaces the Kubernetes plugin's auth providers and adds the product's", async () => {
    expect(aimlKubernetesModule.pluginId).toBe('kubernetes');
    const factory = createExtensionTester(aimlKubernetesAuthProvidersApi).get(
      ApiBlueprint.dataRefs.factory,
    );
    expect(factory.api).toBe(kubernetesAuthProvidersApiRef);
    const providers: any = factory.factory({
      gitlabAuthApi: {},
      googleAuthApi: {},
      microsoftAuthApi: {},
      oktaAuthApi: {},
      oneloginAuthApi: {},
    } as any);
    // The product's clusters are read with the portal's identity on the backend:
    // the browser sends no credentials for them.
    await expect(
      providers.getCredentials(AIML_EKS_AUTH_PROVIDER),
    ).resolves.toEqual({});
    const body = { entity: { metadata: { name: 'x' } } } as any;
    await expect(
      providers.decorateRequestBodyForAuth(AIML_EKS_AUTH_PROVIDER, body),
    ).resolves.toBe(body);
    // Backstage's own providers are still there.
    await expect(providers.getCredentials('serviceAccount')).resolves.toEqual(
      {},
    );
    await expect(providers.getCredentials('no-such-provider')).rejects.toThrow(
      /no-such-provider/,
    );
  });
});
