import { expect, test, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { demo, signIn } from './fixtures';

// After every save the settings forms show what is stored, without a reload; a second Save keeps it.
// Where the data lives follows a tier change live.

async function createInternalTenant(page: Page) {
  await page.goto('/tenants/new');
  await page.getByLabel('Name').fill(`Forms ${randomUUID().slice(0, 8)}`);
  await page.getByRole('button', { name: 'Create tenant' }).click();
  await expect(page).toHaveURL(/\/tenants\/[a-z0-9-]+\/settings$/, { timeout: 20_000 });
  return new URL(page.url()).pathname;
}

test('a saved tier stays selected, a second save keeps it, and the move shows as pending without a reload', async ({ page }) => {
  await signIn(page, demo.platformAdmin);
  const settings = await createInternalTenant(page);
  // A new internal department starts at its minimums; move its logs up to dedicated (no endpoint needed there).
  await expect(page.getByTestId('current-logs')).not.toHaveAttribute('data-tier', 'dedicated');
  const logsTier = page.getByLabel('Logs tier');
  await logsTier.selectOption('dedicated');
  const polled = page.waitForResponse((response) => response.url().endsWith('/placement') && response.ok());
  await page.getByRole('button', { name: 'Save tiers' }).click();
  await expect(page.getByTestId('tier-saved')).toBeVisible();
  await expect(page.getByTestId('current-logs')).toHaveAttribute('data-tier', 'dedicated');
  await expect(logsTier).toHaveValue('dedicated');
  await expect(page.getByLabel('Prompt and context tier')).toHaveValue((await page.getByTestId('current-prompt').getAttribute('data-tier'))!);
  // The page polls where the data lives while the move is pending (no worker runs under the tests, so it stays pending).
  await polled;
  await expect(page.getByTestId('placement-pending')).toBeVisible();
  await expect(page.getByText('until placement provisioning arrives')).toHaveCount(0);

  const tierForm = page.getByRole('form', { name: 'Isolation tiers' });
  const firstVersion = await tierForm.getAttribute('data-version');
  await page.getByRole('button', { name: 'Save tiers' }).click();
  await expect(tierForm).not.toHaveAttribute('data-version', firstVersion!);
  await page.reload();
  await expect(page.getByTestId('current-logs')).toHaveAttribute('data-tier', 'dedicated');
  await expect(page.getByLabel('Logs tier')).toHaveValue('dedicated');
  expect(new URL(page.url()).pathname).toBe(settings);
});

test('a saved classification keeps its checkboxes checked, and a second save keeps them', async ({ page }) => {
  await signIn(page, demo.platformAdmin);
  await createInternalTenant(page);
  const form = page.getByRole('form', { name: 'Classification' });
  const pii = form.getByRole('checkbox', { name: 'PII' });
  await pii.check();
  await form.getByLabel('Notes').fill('Holds staff records.');
  await page.getByRole('button', { name: 'Save classification' }).click();
  await expect(page.getByTestId('profile-saved')).toBeVisible();
  await expect(pii).toBeChecked();
  await expect(form.getByLabel('Notes')).toHaveValue('Holds staff records.');

  const firstVersion = await form.getAttribute('data-version');
  await page.getByRole('button', { name: 'Save classification' }).click();
  await expect(form).not.toHaveAttribute('data-version', firstVersion!);
  await page.reload();
  await expect(page.getByRole('form', { name: 'Classification' }).getByRole('checkbox', { name: 'PII' })).toBeChecked();
});
