import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { plantedNumber as num, readPlantedScenarios } from '@eks-aiml/sandbox';
import { expectNoSeriousA11yViolations } from './support/axe';
import { actAs } from './support/persona';
import { signInAsGuest } from './support/signIn';

const planted = readPlantedScenarios().month;

// First: the guest's sign-in waits until the catalog has read the example organization.
test('a team member is offered no chargeback', async ({ page }) => {
  await signInAsGuest(page);
  await page.goto('/aiml');
  await expect(page.getByText('By cost center', { exact: true })).toBeVisible({
    timeout: 30_000,
  });
  await expect(
    page.getByRole('button', { name: 'Download chargeback' }),
  ).toHaveCount(0);
});

test("FinOps downloads the planted month's chargeback: its rows are the API's and the README's", async ({
  browser,
}, testInfo) => {
  // Persona sign-in waits for the catalog's memberships; the download computes a month.
  test.setTimeout(180_000);
  const context = await browser.newContext({ acceptDownloads: true });
  await actAs(context, 'fatima');
  const page = await context.newPage();
  await page.goto('/aiml');
  const month = page.getByLabel('Chargeback month (UTC)');
  await expect(month).toBeVisible({ timeout: 30_000 });
  await month.fill(planted.month);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download chargeback' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(
    `aiml-chargeback-${planted.month}.csv`,
  );
  const [header, ...rows] = readFileSync((await download.path())!, 'utf8')
    .trim()
    .split('\r\n');
  const columns = header.split(',');
  const cells = rows.map(r => {
    const values = r.split(',');
    return Object.fromEntries(columns.map((c, i) => [c, values[i]]));
  });

  // The same lines as the API gives FinOps.
  const identity = await context.request
    .get('/api/auth/sandbox-persona/refresh?env=development', {
      headers: {
        'X-Requested-With': 'XMLHttpRequest',
        'x-aiml-persona': 'fatima',
      },
    })
    .then(r => r.json());
  const api = await context.request
    .get(`/api/aiml/usage/chargeback?month=${planted.month}`, {
      headers: {
        Authorization: `Bearer ${identity.backstageIdentity.token}`,
      },
    })
    .then(r => r.json());
  expect(cells).toHaveLength(api.lines.length);
  cells.forEach((row, i) => {
    const line = api.lines[i];
    expect(row.cost_center).toBe(line.costCenter ?? 'unlabelled');
    expect(row.cluster).toBe(line.cluster);
    expect(row.accelerator_type).toBe(line.acceleratorType ?? '');
    expect(Number(row.spend)).toBe(Math.round(line.spend * 100) / 100);
    expect(row.price_source).toBe(line.priceSource);
  });

  // And the planted answers of packages/sandbox/README.md, to the cent.
  expect(cells).toHaveLength(planted.chargeback.length);
  for (const p of planted.chargeback) {
    const costCenter =
      p['cost center'] === '(unlabelled)' ? 'unlabelled' : p['cost center'];
    const row = cells.find(
      c =>
        c.cost_center === costCenter &&
        c.cluster === p.cluster &&
        c.accelerator_type === p['accelerator type'],
    );
    expect(
      row,
      `${costCenter} ${p.cluster} ${p['accelerator type']}`,
    ).toBeTruthy();
    expect(Number(row!.spend)).toBe(num(p.spend));
    expect(Number(row!.idle_spend)).toBe(num(p['idle spend']));
    expect(Number(row!.allocated_hours)).toBe(num(p['allocated hours']));
    expect(row!.price_source).toBe(p['price source']);
  }

  await expect(page.getByText('By cost center', { exact: true })).toBeVisible();
  await page
    .getByRole('region', { name: 'Chargeback' })
    .screenshot({ path: testInfo.outputPath('portal-page-chargeback.png') });
  // The month picker and its download (the rest of the page: usage.spec.ts).
  await expectNoSeriousA11yViolations(page, '[aria-label="Chargeback"]');
  await context.close();
});
