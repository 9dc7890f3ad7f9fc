import { expect, Page } from '@playwright/test';

/**
 * Signs in through the sign-in page as the guest (maya), once the catalog knows her:
 * right after the backend starts, the catalog may still be reading the org files.
 */
export async function signInAsGuest(page: Page): Promise<void> {
  await expect
    .poll(
      async () =>
        (
          await page.request.get('/api/auth/guest/refresh?env=development', {
            headers: { 'X-Requested-With': 'XMLHttpRequest' },
          })
        ).status(),
      { timeout: 60_000 },
    )
    .toBe(200);
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(page.getByText('Acme ML Catalog')).toBeVisible();
}
