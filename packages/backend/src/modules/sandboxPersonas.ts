import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

const USER_NAME = /^[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?$/;

/**
 * Sandbox mode only: sign in as any example persona (header `x-aiml-persona: <user name>`), for demos
 * and tests. The person must be a User of the catalog. Outside sandbox mode, and
 * whenever NODE_ENV=production, the provider is not registered at all.
 */
const personaAuthenticator = createProxyAuthenticator({
  defaultProfileTransform: async () => ({ profile: {} }),
  initialize: () => undefined,
  async authenticate({ req }) {
    const persona = req.header('x-aiml-persona');
    if (!persona || !USER_NAME.test(persona)) {
      throw new InputError(
        'Name the persona in the x-aiml-persona header, e.g. x-aiml-persona: lee',
      );
    }
    return { result: { persona } };
  },
});

export const sandboxPersonasModule = createBackendModule({
  pluginId: 'auth',
  moduleId: 'sandbox-personas',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ providers, config }) {
        const sandbox =
          config.getOptionalBoolean('aiml.sandbox.enabled') === true ||
          config.has('aiml.sandbox.attach');
        if (!sandbox || process.env.NODE_ENV === 'production') return;
        providers.registerProvider({
          providerId: 'sandbox-persona',
          factory: createProxyAuthProviderFactory({
            authenticator: personaAuthenticator,
            async signInResolver({ result }, ctx) {
              try {
                return await ctx.signInWithCatalogUser({
                  entityRef: { kind: 'user', name: result.persona },
                });
              } catch {
                throw new NotAllowedError(
                  `No example persona named "${result.persona}" in the catalog`,
                );
              }
            },
          }),
        });
      },
    });
  },
});
