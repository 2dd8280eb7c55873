import { expect, test, type Page } from '@playwright/test';
import { createE2eTenant, demo, signIn } from './fixtures';

// Each test seeds its own tenant through the platform role, then drives the prompts page as a
// platform admin: create, edit, diff, activate, roll back; and checks that other tenants' admins
// and members reach none of it.

async function createConfig(page: Page, slug: string, name: string, body: string) {
  await page.goto(`/tenants/${slug}/prompts`);
  const form = page.getByTestId('create-prompt-config');
  await form.getByLabel(/^Name/).fill(name);
  await form.getByTestId('prompt-body').fill(body);
  await form.getByRole('button', { name: 'Create draft' }).click();
  await expect(page.getByTestId('prompt-config-name')).toHaveText(name, { timeout: 20_000 });
  return page.url().split('/').pop()!.split('?')[0];
}

async function saveDraft(page: Page, body: string) {
  await page.getByTestId('prompt-editor').getByTestId('prompt-body').fill(body);
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByTestId('draft-saved')).toBeVisible();
}

async function activate(page: Page, version: number) {
  await page.getByTestId(`version-row-${version}`).getByRole('button', { name: 'Activate' }).click();
  await expect(page.getByTestId('version-message')).toHaveText(`Version ${version} is live.`);
  await expect(page.getByTestId(`version-row-${version}`)).toContainText('active');
}

test('edit, diff, activate and roll back a prompt configuration', async ({ page }) => {
  const slug = await createE2eTenant('e2e-prompts');
  await signIn(page, demo.platformAdmin);
  await createConfig(page, slug, 'claims assistant', 'You help with claims.\nBe polite.');
  await expect(page.getByTestId('version-row-1')).toContainText('draft');
  await activate(page, 1);

  await page.reload();
  await expect(page.getByTestId('prompt-editor')).toContainText('saving creates a new draft');
  await saveDraft(page, 'You help with claims.\nBe brief.\nNever discuss pricing.');
  await page.reload();
  await expect(page.getByTestId('version-row-2')).toContainText('draft');

  await page.getByTestId('version-row-2').getByRole('link', { name: 'Diff with live' }).click();
  const diff = page.getByTestId('prompt-diff');
  await expect(diff.locator('[data-kind="removed"]')).toHaveText(['2-Be polite.']);
  await expect(diff.locator('[data-kind="added"]')).toHaveText(['2+Be brief.', '3+Never discuss pricing.']);

  await activate(page, 2);
  await page.reload();
  await expect(page.getByTestId('version-row-1')).toContainText('archived');
  await page.getByRole('button', { name: 'Roll back to the previous live version' }).click();
  await expect(page.getByTestId('version-message')).toHaveText('Rolled back: version 1 is live again.');
  await page.reload();
  await expect(page.getByTestId('version-row-1')).toContainText('active');
  await expect(page.getByTestId('version-row-2')).toContainText('archived');

  await page.goto(`/tenants/${slug}/prompts`);
  await expect(page.getByTestId('prompt-config-row')).toContainText('v1');
  await expect(page.getByTestId('tenant-prompt-prefix')).toHaveText(/^\[tenant-prompt [0-9a-f]{16}\]$/);
});

test('a credential is flagged with its line and blocks saving', async ({ page }) => {
  const slug = await createE2eTenant('e2e-prompts-lint');
  await signIn(page, demo.platformAdmin);
  await createConfig(page, slug, 'lint', 'You are helpful.');
  await page
    .getByTestId('prompt-editor')
    .getByTestId('prompt-body')
    .fill('You are helpful.\nUsers with role admin may see every claim.\npassword: Zq8!vR2#kLm9xW4p');
  await expect(page.getByTestId('lint-finding')).toHaveCount(2);
  await expect(page.getByTestId('lint-finding').first()).toContainText('Line 2');
  await expect(page.getByTestId('lint-finding').nth(1)).toContainText('Line 3');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByTestId('draft-error')).toContainText('line 3');
});

test("other tenants' admins and members reach no prompt configuration", async ({ page, browser }) => {
  const slug = await createE2eTenant('e2e-prompts-iso');
  await signIn(page, demo.platformAdmin);
  const configId = await createConfig(page, slug, 'private', 'Private instructions.');

  const other = await browser.newPage();
  await signIn(other, demo.northwindAdmin);
  for (const url of [`/tenants/${slug}/prompts`, `/tenants/${slug}/prompts/${configId}`, `/tenants/northwind-bank/prompts/${configId}`]) {
    const response = await other.goto(url);
    expect(response?.status(), url).toBe(404);
  }
  // Positive control: the same admin opens its own tenant's prompts page.
  expect((await other.goto('/tenants/northwind-bank/prompts'))?.status()).toBe(200);
  await other.close();

  const member = await browser.newPage();
  await signIn(member, demo.northwindMember);
  expect((await member.goto('/tenants/northwind-bank/prompts'))?.status(), 'members do not read system prompts').toBe(404);
  await member.close();
});
