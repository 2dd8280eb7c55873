import { expect, test, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { demo, signIn } from './fixtures';

// The playground chats with the prompt the user picks: the live default, a configuration's live
// version, or (for prompt managers) any version. The chat route checks the choice itself: another
// tenant's configuration reads like one that does not exist.

const chatUrl = (slug: string, query: string) => `/tenants/${slug}/playground/chat?${query}`;
const body = { model: 'sim-small', messages: [{ role: 'user', content: 'Hello' }] };

/** The picker's choices as the chat URL's query strings, e.g. `prompt_config=<id>`. */
async function readPromptChoices(page: Page): Promise<string[]> {
  return (
    await page
      .getByTestId('prompt-picker')
      .locator('option')
      .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value))
  ).filter(Boolean);
}

test('an admin picks a configuration or a version, and the trace names the version used', async ({ page }) => {
  await signIn(page, demo.claimsAdmin);
  await page.goto('/tenants/claims-operations/playground');
  const picker = page.getByTestId('prompt-picker');
  await expect(picker.locator('option').first()).toHaveText(/^Live default \(Claims desk assistant v\d+\)$/);
  const configOption = picker.locator('option', { hasText: 'Claims desk assistant: live version' });
  await expect(configOption).toHaveCount(1);
  await expect(picker.locator('option', { hasText: /Claims desk assistant: v\d+ \((active|draft|archived)\)/ }).first()).toBeAttached();

  const message = page.getByLabel('Message');
  await message.fill('What is the first notice of loss?');
  await message.press('Enter');
  await expect(page.getByTestId('trace-prompt')).toHaveText(/^Claims desk assistant v\d+ \(live default\)$/, { timeout: 20_000 });

  await picker.selectOption({ label: (await configOption.textContent())! });
  await message.fill('And the payment authority?');
  await message.press('Enter');
  await expect(page.getByTestId('trace-prompt')).toHaveText(/^Claims desk assistant v\d+ \(chosen\)$/, { timeout: 20_000 });
  await expect(page.getByTestId('chat-assistant')).toHaveCount(2);
});

test("the chat route refuses another tenant's configuration like an unknown one, and versions to members", async ({ page, browser }) => {
  // Tenant B's configuration id, as its own admin sees it.
  const other = await browser.newPage();
  await signIn(other, demo.northwindAdmin);
  await other.goto('/tenants/northwind-bank/playground');
  const bankChoices = await readPromptChoices(other);
  const bankConfig = bankChoices.find((choice) => choice.startsWith('prompt_config='))!;
  const bankVersion = bankChoices.find((choice) => choice.startsWith('prompt_version='))!;
  expect(bankConfig && bankVersion).toBeTruthy();
  // Positive control: B's own admin is served with it.
  const own = await other.request.post(chatUrl('northwind-bank', bankConfig), { data: body });
  expect(own.status()).toBe(200);
  await other.close();

  await signIn(page, demo.claimsAdmin);
  const unknown = await page.request.post(chatUrl('claims-operations', `prompt_config=${randomUUID()}`), { data: body });
  expect(unknown.status()).toBe(404);
  const unknownMessage = (await unknown.json()).error.message;
  expect(unknownMessage).toContain('not found');
  for (const choice of [bankConfig, bankVersion]) {
    const response = await page.request.post(chatUrl('claims-operations', choice), { data: body });
    expect(response.status()).toBe(404);
    expect((await response.json()).error.message).toBe(unknownMessage);
  }
  const malformed = await page.request.post(chatUrl('claims-operations', 'prompt_config=not-an-id'), { data: body });
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).error.param).toBe('prompt_config');
});

test('a member picks among live configurations only; a version is refused to them', async ({ page }) => {
  await signIn(page, demo.northwindMember);
  await page.goto('/tenants/northwind-bank/playground');
  const choices = await readPromptChoices(page);
  expect(choices.length).toBeGreaterThan(0);
  expect(choices.every((choice) => choice.startsWith('prompt_config='))).toBe(true);

  const refused = await page.request.post(chatUrl('northwind-bank', `prompt_version=${randomUUID()}`), { data: body });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.message).toContain('permission to manage prompts');
});
