import { expect, test } from '@playwright/test';
import { kubeRead } from './support/kubeAccess';
import { actAs } from './support/persona';
import { signInAsGuest } from './support/signIn';
import { choosePlantedWeek } from './support/usage';

// User journeys as people meet the portal that `npm start` runs (the sandbox). The
// FinOps journey (sort the teams by idle spend) is in usage.spec.ts.

test('an ML engineer creates a GPU training project, finds it in the catalog and reaches its namespace with edit access', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const name = `journey-${Date.now().toString(36)}`;
  await signInAsGuest(page);
  await page.goto('/create/templates/default/gpu-training-spot');
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: /Cluster/ }).click();
  await page.getByRole('option', { name: /ml-sandbox-use1/ }).click();
  await page.getByRole('radio', { name: 'p4d.24xlarge' }).check();
  // Two workers of 4 GPUs: the team's quota of 8 GPUs.
  await page.getByLabel('GPUs per pod').fill('4');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('link', { name: 'Open in the catalog' }).click({
    timeout: 120_000,
  });

  // The project's page: owner team, namespace annotation, and the Kubernetes tab.
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page.getByText('ML Research').first()).toBeVisible();
  await page.getByRole('tab', { name: 'Kubernetes' }).click();
  await expect(page.getByText('ml-sandbox-use1').first()).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByText(/problem retrieving/i)).toHaveCount(0);
  // The RayJob the golden path applied, under the cluster.
  await page.getByText('ml-sandbox-use1 (us-east-1)').click();
  await expect(page.getByText(name).nth(1)).toBeVisible();
  await page.screenshot({
    path: testInfo.outputPath('new-project-kubernetes.png'),
    fullPage: true,
  });

  // Edit access from the project's page; the kubeconfig reaches the team's namespace only.
  await page.getByRole('tab', { name: 'Overview' }).click();
  const form = page.getByRole('form', {
    name: 'Request access for team ml-research',
  });
  await form.getByLabel('Edit').check();
  await form.getByLabel('Reason').fill(`start ${name}`);
  await form.getByRole('button', { name: /request/i }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page
      .getByRole('button', { name: 'Download kubeconfig for ml-sandbox-use1' })
      .click(),
  ]);
  const kubeconfig = testInfo.outputPath('kubeconfig.yaml');
  await download.saveAs(kubeconfig);
  expect(kubeRead(kubeconfig, 'ml-research-training')).toBe('200');
  expect(kubeRead(kubeconfig, 'recsys-training')).toBe('403');
  expect(kubeRead(kubeconfig, '--nodes')).toBe('403');
});

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
