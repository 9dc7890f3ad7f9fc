import { expect, test } from '@playwright/test';
import { kubeRead } from './support/kubeAccess';
import { actAs } from './support/persona';
import { signInAsGuest } from './support/signIn';

test('an ML engineer gets edit access in two clicks; her lead revokes it and the kubeconfig dies', async ({
  browser,
}, testInfo) => {
  const maya = await browser.newPage();
  await signInAsGuest(maya);
  await maya.goto('/catalog/default/group/ml-research');
  const form = maya.getByRole('form', {
    name: 'Request access for team ml-research',
  });
  await form.getByLabel('Edit').check();
  await form.getByLabel('Reason').fill('debug the fine-tuning run');
  await form.getByRole('button', { name: /request/i }).click();

  const downloadButton = maya.getByRole('button', {
    name: 'Download kubeconfig for ml-sandbox-use1',
  });
  await expect(downloadButton).toBeVisible();
  const [download] = await Promise.all([
    maya.waitForEvent('download'),
    downloadButton.click(),
  ]);
  const kubeconfig = testInfo.outputPath('kubeconfig.yaml');
  await download.saveAs(kubeconfig);
  await maya.screenshot({
    path: testInfo.outputPath('access-card.png'),
    fullPage: true,
  });

  expect(kubeRead(kubeconfig, 'ml-research-training')).toBe('200');
  expect(kubeRead(kubeconfig, 'recsys-training')).toBe('403');

  const leeContext = await browser.newContext();
  await actAs(leeContext, 'lee');
  const lee = await leeContext.newPage();
  await lee.goto('/catalog/default/group/ml-research');
  await lee
    .getByRole('button', { name: 'Revoke access of maya to ml-sandbox-use1' })
    .first()
    .click();
  await lee.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
  await expect
    .poll(() => kubeRead(kubeconfig, 'ml-research-training'), {
      timeout: 15_000,
    })
    .toBe('401');
});
