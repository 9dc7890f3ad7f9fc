import { ProxiedSignInPage, SignInPage } from '@backstage/core-components';
import {
  configApiRef,
  SignInPageProps,
  useApi,
} from '@backstage/core-plugin-api';
import { isSandboxMode, readPersona } from './personaStorage';

/**
 * Guest sign-in, except in sandbox mode when a persona was chosen in the sandbox
 * banner: then the sandbox-persona provider signs in as that example user.
 */
export const SandboxSignInPage = (props: SignInPageProps) => {
  const config = useApi(configApiRef);
  const persona = isSandboxMode(config) ? readPersona() : undefined;
  if (persona) {
    return (
      <ProxiedSignInPage
        {...props}
        provider="sandbox-persona"
        headers={{ 'x-aiml-persona': persona }}
      />
    );
  }
  return <SignInPage {...props} auto providers={['guest']} />;
};
