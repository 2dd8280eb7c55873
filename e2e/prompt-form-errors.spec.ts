import { expect, test } from '@playwright/test';
import { demo, signIn } from './fixtures';

// A refused prompt form keeps what was typed and says beside each field what to change; the browser's
// own validation bubbles never appear (the server's messages are the only ones, as on every form).

test('a refused new prompt configuration keeps its input and shows the errors beside the fields', async ({ page }) => {
  await signIn(page, demo.claimsAdmin);
  await page.goto('/tenants/claims-operations/prompts');
  const form = page.getByTestId('create-prompt-config');
  const body = 'You answer questions about claims handling.';
  await form.getByTestId('prompt-body').fill(body);
  await form.getByLabel('Temperature').fill('5');
  await form.getByRole('button', { name: 'Create draft' }).click();

  await expect(form.getByRole('alert')).toContainText('correct the highlighted fields');
  await expect(form.getByLabel(/^Name/).locator('..')).toContainText('Name the configuration');
  await expect(form.getByLabel('Temperature').locator('..')).toContainText('Between 0 and 2');
  await expect(form.getByTestId('prompt-body')).toHaveValue(body);
  await expect(form.getByLabel('Temperature')).toHaveValue('5');
  expect(await form.getByLabel(/^Name/).evaluate((input: HTMLInputElement) => input.validationMessage)).toBe('');

  const name = `Claims desk ${Date.now()}`;
  await form.getByLabel(/^Name/).fill(name);
  await form.getByLabel('Temperature').fill('0.3');
  await form.getByRole('button', { name: 'Create draft' }).click();
  await expect(page.getByTestId('prompt-config-name')).toHaveText(name, { timeout: 20_000 });
});
