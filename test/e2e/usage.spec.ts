import { expect, test } from '@playwright/test';
import { signInAsGuest } from './support/signIn';

test("the team's accelerator tab shows spend from the usage API, with its currency", async ({
  page,
}, testInfo) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/group/ml-research/aiml');
  await expect(page.getByText(/\$[\d,]+\.\d\d/).first()).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByText(/could not load/i)).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('team-usage.png') });
});

test('FinOps sees every team side by side on the portal page', async ({
  browser,
}, testInfo) => {
  const context = await browser.newContext();
  await context.addInitScript(() =>
    window.localStorage.setItem('aiml-sandbox-persona', 'fatima'),
  );
  const page = await context.newPage();
  // The persona signs in by itself (sandbox-persona provider) once the catalog knows her.
  await expect
    .poll(
      async () =>
        (
          await page.request.get(
            '/api/auth/sandbox-persona/refresh?env=development',
            {
              headers: {
                'X-Requested-With': 'XMLHttpRequest',
                'x-aiml-persona': 'fatima',
              },
            },
          )
        ).status(),
      { timeout: 60_000 },
    )
    .toBe(200);
  await page.goto('/aiml');
  for (const team of ['ML Research', 'ML Platform', 'Recommendations']) {
    await expect(
      page.getByRole('cell', { name: new RegExp(team) }).first(),
    ).toBeVisible({ timeout: 30_000 });
  }
  await page.screenshot({ path: testInfo.outputPath('portal-page.png') });
});
