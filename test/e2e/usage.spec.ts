import { expect, Locator, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './support/axe';
import { actAs } from './support/persona';
import { signInAsGuest } from './support/signIn';
import { choosePlantedWeek } from './support/usage';

/** The value shown under a summary tile's label. */
const tile = (summary: Locator, label: string) =>
  summary
    .getByRole('heading', { name: label, exact: true })
    .locator('xpath=following-sibling::p[1]');

test("the team page shows the planted week's spend, efficiency and idle spend of ml-research", async ({
  page,
}, testInfo) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/group/ml-research/aiml');
  await choosePlantedWeek(page);
  const summary = page.getByRole('region', { name: 'Summary' });
  // README, "Teams, week of 2026-06-01": ml-research spend 16325.83, idle 1855.30,
  // busy 10450.56 of 11328 allocated hours = 92.3% efficiency.
  await expect(tile(summary, 'Spend (USD)')).toHaveText('$16,325.83', {
    timeout: 30_000,
  });
  await expect(tile(summary, 'Idle spend (USD)')).toHaveText('$1,855.30');
  await expect(tile(summary, 'Efficiency (busy ÷ allocated)')).toHaveText(
    '92.3%',
  );
  await expect(page.getByText(/could not load/i)).toHaveCount(0);
  // catalog/org.yaml gives ml-research a budget below what its seeded runs cost a month.
  const budget = page.getByRole('region', { name: 'Budget' });
  await expect(budget).toContainText('$60,000.00 per month');
  await expect(budget).toContainText('over budget');
  await page.screenshot({
    path: testInfo.outputPath('team-usage-planted-week.png'),
    fullPage: true,
  });
  await expectNoSeriousA11yViolations(page, 'main');
  // Colour contrast is judged only in view: the period toggles, selected and not.
  const period = page.getByRole('group', { name: 'Period' });
  await period.scrollIntoViewIfNeeded();
  await expectNoSeriousA11yViolations(page, '[aria-label="Period"]');
});

test('FinOps sees every team on the portal page and sorts them by idle spend', async ({
  browser,
}, testInfo) => {
  const context = await browser.newContext();
  await actAs(context, 'fatima');
  const page = await context.newPage();
  await page.goto('/aiml');
  await choosePlantedWeek(page);
  // The teams table: the cost-center and workload-type tables sort by idle spend too.
  const teams = page
    .locator('table')
    .filter({ has: page.getByRole('columnheader', { name: /^Team$/ }) })
    .filter({ has: page.getByRole('button', { name: /Idle spend/ }) });
  const order = () => teams.locator('tbody tr td:first-child').allInnerTexts();
  await expect.poll(order, { timeout: 30_000 }).toHaveLength(3);
  await teams.getByRole('button', { name: /Idle spend/ }).click();
  // Idle spend: ml-research 1855.30, ml-platform 1573.62, recsys 804.23.
  await expect
    .poll(order)
    .toEqual(['ML Research', 'ML Platform', 'Recommendations']);
  await expect(
    teams.locator('tbody tr').first().getByText('$1,855.30'),
  ).toBeVisible();
  await expect(
    page.getByRole('region', { name: 'Fleet summary' }),
  ).toBeVisible();
  await page.screenshot({
    path: testInfo.outputPath('portal-page-by-idle-spend.png'),
    fullPage: true,
  });
  await expectNoSeriousA11yViolations(page, 'main');
  await context.close();
});
