import { expect, test } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { demo, signIn } from './fixtures';

// Risky actions ask first or warn: revoking a key needs a second click; a key shown once can be
// copied; a long key name does not widen the page; a tenant created at the dedicated prompt tier
// without an endpoint of its own is told so; compliance under a risk acceptance is shown as such.

test('revoking an API key asks for confirmation; the new key can be copied; a long name keeps the table in the page', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page, demo.northwindAdmin);
  await page.goto('/tenants/northwind-bank/keys');
  const panel = page.getByTestId('api-keys-panel');
  const name = `batch-${randomUUID().replaceAll('-', '')}`.padEnd(80, 'x');
  await panel.getByLabel('Key name').fill(name);
  await panel.getByRole('button', { name: 'Create key' }).click();
  const secret = (await panel.getByTestId('new-api-key-secret').textContent())!;
  await panel.getByRole('button', { name: 'Copy key' }).click();
  await expect(panel.getByText('Copied.')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()!.width);

  const row = panel.getByTestId('api-key-row').filter({ hasText: name.slice(0, 20) });
  await row.getByRole('button', { name: 'Revoke' }).click();
  await expect(row.getByRole('button', { name: 'Revoke now' })).toBeVisible();
  await row.getByRole('button', { name: 'Cancel' }).click();
  await page.reload();
  await expect(row).toContainText('active');

  await row.getByRole('button', { name: 'Revoke' }).click();
  await row.getByRole('button', { name: 'Revoke now' }).click();
  await expect(row).toContainText('revoked');
});

test('a tenant created at the dedicated prompt tier is warned that it has no endpoint of its own; a risk acceptance shows on its badge', async ({ page }) => {
  await signIn(page, demo.platformAdmin);
  await page.goto('/tenants/new');
  const name = `Agency ${randomUUID().slice(0, 8)}`;
  await page.getByLabel('Name').fill(name);
  await page.getByRole('radio', { name: 'External client' }).check();
  await page.getByRole('checkbox', { name: 'FedRAMP' }).check();
  await page.getByRole('button', { name: 'Create tenant' }).click();
  await expect(page).toHaveURL(/\/settings$/, { timeout: 20_000 });
  await expect(page.getByTestId('current-prompt')).toHaveAttribute('data-tier', 'dedicated');
  await expect(page.getByTestId('missing-dedicated-endpoint')).toContainText('no enabled model endpoint of its own');

  await page.getByLabel('Logs tier').selectOption('schema_kms');
  await page.getByLabel('Justification').fill('A dedicated log store for the agency is being provisioned this quarter.');
  await page.getByLabel('Expires on').fill(new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10));
  await page.getByRole('button', { name: 'Save tiers' }).click();
  await expect(page.getByTestId('tier-saved')).toContainText('1 risk acceptance');
  await expect(page.getByTestId('tenant-compliance').getByTestId('compliance-badge')).toHaveText('Compliant under risk acceptance');

  await page.goto('/tenants');
  const tenantRow = page.getByTestId('tenant-table').getByRole('row').filter({ hasText: name });
  await expect(tenantRow.getByTestId('compliance-badge')).toHaveAttribute('data-risk-accepted', 'true');
});
