import { expect, test } from '@playwright/test';
import { actAs } from './support/persona';
import { choosePlantedWeek } from './support/usage';

// User journeys as people meet the portal that `npm start` runs (the sandbox). The
// FinOps journey (sort the teams by idle spend) is in usage.spec.ts.

test("a team lead finds a seeded project's spend and idle spend on the team page", async ({
  browser,
}, testInfo) => {
  const context = await browser.newContext();
  await actAs(context, 'lee');
  const page = await context.newPage();
  await page.goto('/catalog/default/group/ml-research/aiml');
  await choosePlantedWeek(page);
  // packages/sandbox/README.md, rows 4 and 5: llama-finetune spends 2951.11 on
  // ml-sandbox-use1 and 9246.72 on ml-sandbox-usw2 = 12197.83; idle 236.09 + 1387.01.
  const row = page.getByRole('row').filter({
    has: page.getByRole('cell', { name: 'llama-finetune', exact: true }),
  });
  await expect(row).toContainText('$12,197.83', { timeout: 30_000 });
  await expect(row).toContainText('$1,623.10');
  await page.screenshot({
    path: testInfo.outputPath('lead-team-projects.png'),
    fullPage: true,
  });
  await context.close();
});

test("a platform admin breaks glass on a team's namespaces; the team sees who, why and when it ended", async ({
  browser,
}, testInfo) => {
  const reason = `incident ${Date.now()}: ranker stuck`;
  const adminContext = await browser.newContext();
  await actAs(adminContext, 'alex');
  const admin = await adminContext.newPage();
  await admin.goto('/catalog/default/group/recsys');
  const form = admin.getByRole('form', {
    name: 'Request access for team recsys',
  });
  await form.getByLabel(/^Break-glass/).check();
  await form.getByLabel('Reason').fill(reason);
  await form.getByRole('button', { name: 'Break glass' }).click();
  const grantRow = admin.getByRole('row').filter({ hasText: `“${reason}”` });
  await expect(grantRow).toContainText('break-glass');
  await expect(grantRow).toContainText('admin');
  await grantRow.getByRole('button', { name: /^Revoke access of you/ }).click();
  await admin
    .getByRole('dialog')
    .getByRole('button', { name: 'Revoke' })
    .click();

  const leadContext = await browser.newContext();
  await actAs(leadContext, 'priya');
  const lead = await leadContext.newPage();
  await lead.goto('/catalog/default/group/recsys');
  await expect(
    lead.getByRole('list', { name: 'Recently ended grants' }),
  ).toContainText(
    `alex's break-glass admin access to ml-sandbox-use1 (“${reason}”): revoked by alex`,
  );
  await lead.screenshot({
    path: testInfo.outputPath('break-glass-trail.png'),
    fullPage: true,
  });
  await adminContext.close();
  await leadContext.close();
});
