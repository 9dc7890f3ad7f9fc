import { expect, test } from '@playwright/test';
import { kubeRead } from './support/kubeAccess';
import { actAs } from './support/persona';

test("a recsys engineer asks for view in ml-research; its lead approves from the notification and the kubeconfig reads the team's pods", async ({
  browser,
}, testInfo) => {
  const omarContext = await browser.newContext();
  await actAs(omarContext, 'omar');
  const omar = await omarContext.newPage();
  await omar.goto('/catalog/default/group/ml-research');
  const form = omar.getByRole('form', {
    name: 'Request access for team ml-research',
  });
  await expect(
    form.getByText('You are not a member of team ml-research'),
  ).toBeVisible();
  await form.getByLabel('Reason').fill('compare the ranker with the trainer');
  await form.getByRole('button', { name: 'Ask ml-research’s leads' }).click();
  await expect(
    omar.getByText('Waiting for approval by ml-research’s leads'),
  ).toBeVisible();

  const leeContext = await browser.newContext();
  await actAs(leeContext, 'lee');
  const lee = await leeContext.newPage();
  await lee.goto('/notifications');
  await lee
    .getByText(/user:default\/omar asks for view access to team ml-research/)
    .first()
    .click();
  await expect(lee).toHaveURL(/\/catalog\/default\/group\/ml-research/);
  await lee
    .getByRole('button', {
      name: 'Approve the request of omar for ml-sandbox-use1',
    })
    .click();
  const dialog = lee.getByRole('dialog');
  await dialog.getByLabel('Reason').fill('ranking review this week');
  await dialog.getByRole('button', { name: 'Approve' }).click();
  await expect(
    lee.getByRole('table', { name: 'Active grants' }).getByText('omar'),
  ).toBeVisible();
  await lee.screenshot({
    path: testInfo.outputPath('approved.png'),
    fullPage: true,
  });

  await omar.reload();
  const downloadButton = omar.getByRole('button', {
    name: 'Download kubeconfig for ml-sandbox-use1',
  });
  await expect(downloadButton).toBeVisible();
  const [download] = await Promise.all([
    omar.waitForEvent('download'),
    downloadButton.click(),
  ]);
  const kubeconfig = testInfo.outputPath('kubeconfig.yaml');
  await download.saveAs(kubeconfig);
  expect(kubeRead(kubeconfig, 'ml-research-training')).toBe('200');
  expect(kubeRead(kubeconfig, 'recsys-training')).toBe('403');
});
