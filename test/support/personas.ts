import { backendFetch, PortalBackend, TEST_TOKEN } from './portalBackend';

/**
 * Signs in as an example persona and returns a Backstage user token: the guest is
 * maya; any other persona goes through the sandbox-persona provider (sandbox mode only).
 */
export async function signIn(
  backend: PortalBackend,
  persona: string,
): Promise<string> {
  const provider = persona === 'maya' ? 'guest' : 'sandbox-persona';
  const res = await backendFetch(
    backend,
    `/api/auth/${provider}/refresh?env=development`,
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

/** Waits until the catalog has stitched a user's membership of a team (relations come after ingestion). */
export async function waitForMembership(
  backend: PortalBackend,
  user: string,
  team: string,
): Promise<void> {
  for (let i = 0; i < 240; i++) {
    const res = await fetch(
      `${backend.baseUrl}/api/catalog/entities/by-name/user/default/${user}`,
      {
        headers: { Authorization: `Bearer ${TEST_TOKEN}` },
      },
    );
    if (res.ok) {
      const entity = await res.json();
      if (
        (entity.relations ?? []).some(
          (r: any) =>
            r.type === 'memberOf' && r.targetRef === `group:default/${team}`,
        )
      )
        return;
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  throw new Error(`the catalog never related ${user} to ${team}`);
}
