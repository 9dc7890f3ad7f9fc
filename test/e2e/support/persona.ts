import { BrowserContext, expect } from '@playwright/test';

/**
 * Makes every page of the context act as an example persona (the sandbox's "act as"
 * switch), once the catalog knows the persona's memberships: Backstage tokens carry the
 * group claims known at sign-in.
 */
export async function actAs(
  context: BrowserContext,
  persona: string,
): Promise<void> {
  await context.addInitScript(
    p => window.localStorage.setItem('aiml-sandbox-persona', p),
    persona,
  );
  await expect
    .poll(
      async () => {
        const res = await context.request.get(
          '/api/auth/sandbox-persona/refresh?env=development',
          {
            headers: {
              'X-Requested-With': 'XMLHttpRequest',
              'x-aiml-persona': persona,
            },
          },
        );
        if (!res.ok()) return res.status();
        const body = await res.json();
        return body?.backstageIdentity?.identity?.ownershipEntityRefs?.length >
          1
          ? 200
          : 'no memberships yet';
      },
      { timeout: 60_000 },
    )
    .toBe(200);
}
