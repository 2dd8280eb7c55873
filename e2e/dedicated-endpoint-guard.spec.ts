import { expect, test } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { demo, signIn } from './fixtures';

// A tenant on the dedicated prompt tier is routed only to its own endpoints: the console refuses to
// disable or delete the last enabled one (its traffic would fail) and says what to do instead.

test('the last enabled dedicated endpoint cannot be disabled or deleted; with a second one it can', async ({ page }) => {
  await signIn(page, demo.platformAdmin);
  await page.goto('/tenants/new');
  await page.getByLabel('Name').fill(`Agency ${randomUUID().slice(0, 8)}`);
  await page.getByRole('radio', { name: 'External client' }).check();
  await page.getByRole('checkbox', { name: 'FedRAMP' }).check();
  await page.getByRole('button', { name: 'Create tenant' }).click();
  await expect(page).toHaveURL(/\/settings$/, { timeout: 20_000 });
  await expect(page.getByTestId('current-prompt')).toHaveAttribute('data-tier', 'dedicated');
  const slug = new URL(page.url()).pathname.split('/')[2];

  await page.goto(`/tenants/${slug}/endpoints`);
  const panel = page.getByTestId('endpoints-panel');
  const addEndpoint = async (name: string) => {
    await panel.getByLabel('Name').fill(name);
    await panel.getByLabel(/Base URL/).fill('builtin:local-simulator');
    await panel.getByLabel('Kind').selectOption('simulator');
    await panel.getByRole('button', { name: 'Add endpoint' }).click();
    await expect(panel.getByTestId('endpoint-row').filter({ hasText: name })).toBeVisible();
  };
  await addEndpoint('primary');
  const primary = panel.getByTestId('endpoint-row').filter({ hasText: 'primary' });

  await primary.getByRole('button', { name: 'Disable' }).click();
  await expect(page.getByTestId('endpoint-change-error')).toContainText('last enabled dedicated endpoint');
  await expect(page.getByTestId('endpoint-change-error')).toContainText('Add and enable another dedicated endpoint first');
  await primary.getByRole('button', { name: 'Delete' }).click();
  await primary.getByRole('button', { name: 'Delete now' }).click();
  await expect(page.getByTestId('endpoint-change-error')).toContainText('last enabled dedicated endpoint');
  await page.reload();
  await expect(primary.getByRole('button', { name: 'Disable', exact: true })).toBeVisible();

  // Positive control: with a second enabled endpoint, the first may go.
  await addEndpoint('standby');
  await primary.getByRole('button', { name: 'Disable' }).click();
  await expect(primary.getByRole('button', { name: 'Enable', exact: true })).toBeVisible();
  await expect(page.getByTestId('endpoint-change-error')).toHaveCount(0);
});
