import { expect, Page } from '@playwright/test';

/**
 * Chooses the week of the planted usage scenarios (packages/sandbox/README.md,
 * "Planted usage scenarios"): 2026-06-01 up to and including 2026-06-07.
 */
export async function choosePlantedWeek(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Custom dates' }).click();
  await page.getByLabel('First day (UTC)').fill('2026-06-01');
  await page.getByLabel('Last day (UTC)').fill('2026-06-07');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText(/1 Jun – 7 Jun 2026/).first()).toBeVisible({
    timeout: 30_000,
  });
}
