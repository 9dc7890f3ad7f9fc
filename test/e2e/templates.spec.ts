import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './support/axe';
import { signInAsGuest } from './support/signIn';

test('an ML engineer picks a cluster and GPUs in the golden path and sees what they cost', async ({
  page,
}, testInfo) => {
  await signInAsGuest(page);
  await page.goto('/create/templates/default/gpu-training-spot');
  await page.getByRole('textbox', { name: 'Name' }).fill('picker-e2e');
  // Maya is in one team only: the picker chooses it for her.
  await expect(page.getByRole('textbox', { name: 'Team' })).toHaveValue(
    'ML Research',
  );
  await expectNoSeriousA11yViolations(page, 'main');
  await page.getByRole('button', { name: 'Next' }).click();

  await page.getByRole('button', { name: /Cluster/ }).click();
  await page.getByRole('option', { name: /ml-sandbox-use1/ }).click();
  const instanceTypes = page.getByRole('table', { name: 'Instance types' });
  // The spot GPU capacity of ml-sandbox-use1 (packages/sandbox/README.md).
  await expect(instanceTypes.getByText('p4d.24xlarge')).toBeVisible();
  await page.getByRole('radio', { name: 'p4d.24xlarge' }).check();
  // p4d.24xlarge: 21.957642 on demand, spot x 0.4 = 8.7830568 per instance-hour,
  // 1.0978821 per GPU-hour; 8 GPUs per pod by default.
  const choice = page.getByText(/8 GPUs of .* on p4d\.24xlarge \(spot\)/);
  await expect(choice).toContainText('$8.7831');
  await expect(choice).toContainText('$1.0979');
  await page.screenshot({
    path: testInfo.outputPath('template-accelerator-picker.png'),
    fullPage: true,
  });
  await expectNoSeriousA11yViolations(page, 'main');

  // Two workers (the default) of 8 GPUs exceed ml-research's quota of 8: the form
  // says so before the first step would, and is content with 4 per pod.
  const overQuota = page.getByText(
    /2 pods × 8 GPUs = 16 GPUs, more than team "ml-research"'s quota of 8 GPUs/,
  );
  await expect(overQuota).toBeVisible();
  await page.getByLabel('GPUs per pod').fill('4');
  await expect(overQuota).toHaveCount(0);
  await expect(page.getByText(/4 GPUs of .* on p4d\.24xlarge/)).toBeVisible();

  // More GPUs per pod than the instance has is refused in the form.
  await page.getByLabel('GPUs per pod').fill('9');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText(/has 8 GPUs?|at most 8/).first()).toBeVisible();
});
