import { expect, test } from '@playwright/test';
import { signInAsGuest } from './support/signIn';

test('a guest signs in as the example ML engineer and finds the catalog', async ({
  page,
}) => {
  await signInAsGuest(page);
  await expect(page.getByText('Acme ML Catalog')).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'llama-finetune' }),
  ).toBeVisible();

  await page.goto('/settings');
  await expect(page.getByText('Maya Chen').first()).toBeVisible();
});

test('the example teams and their people have their pages', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/group/ml-research');
  await expect(page.getByText('ML Research').first()).toBeVisible();
  await expect(page.getByText('Lee Okafor').first()).toBeVisible();
  await expect(page.getByText('Maya Chen').first()).toBeVisible();

  await page.goto('/catalog/default/user/alex');
  await expect(page.getByText('Alex Kim').first()).toBeVisible();
  // The membership link shows the ref, then the group's title once the
  // catalog answers; the link's target is what does not change.
  await expect(
    page.locator('a[href="/catalog/default/group/platform-admins"]').first(),
  ).toBeVisible();
});

test('the create page opens', async ({ page }) => {
  await signInAsGuest(page);
  await page.goto('/create');
  await expect(
    page.getByRole('heading', { name: /create a new component/i }),
  ).toBeVisible();
});

test('on the sandbox, a banner says so and lets a person act as another persona', async ({
  page,
}) => {
  await signInAsGuest(page);
  const banner = page.getByRole('banner', { name: 'sandbox' });
  await expect(banner).toContainText('emulated AWS account');
  await banner.getByRole('button').click();
  await page.getByRole('option', { name: /Lee Okafor/ }).click();
  // Signs out and back in as the chosen persona.
  await page.goto('/settings');
  await expect(page.getByText('Lee Okafor').first()).toBeVisible();
  await page.evaluate(() =>
    window.localStorage.removeItem('aiml-sandbox-persona'),
  );
});
