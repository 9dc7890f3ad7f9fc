import { PortalBackend } from './portalBackend';

/**
 * Signs in as an example persona and returns a Backstage user token: the guest is
 * maya; any other persona goes through the sandbox-persona provider (sandbox mode only).
 */
export async function signIn(
  backend: PortalBackend,
  persona: string,
): Promise<string> {
  const provider = persona === 'maya' ? 'guest' : 'sandbox-persona';
  const res = await fetch(
    `${backend.baseUrl}/api/auth/${provider}/refresh?env=development`,
    {
      headers: {
        'X-Requested-With': 'XMLHttpRequest',
        'x-aiml-persona': persona,
      },
    },
  );
  if (!res.ok)
    throw new Error(
      `sign-in as ${persona} answered ${res.status}: ${await res.text()}`,
    );
  return (await res.json()).backstageIdentity.token;
}
