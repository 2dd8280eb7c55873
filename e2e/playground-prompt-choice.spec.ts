import { expect, test, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { createE2eTenant, demo, signIn } from './fixtures';

// The playground chats with the prompt the user picks: the live default, a configuration's live
// version, or (for prompt managers) any version. The chat route checks the choice itself: another
// tenant's configuration reads like one that does not exist. Each test seeds its own tenant and
// writes its prompts as a platform admin.

const chatUrl = (slug: string, query: string) => `/tenants/${slug}/playground/chat?${query}`;
const body = { model: 'sim-small', messages: [{ role: 'user', content: 'Hello' }] };

/** A configuration with version 1 live and version 2 a draft. */
async function createLiveConfigWithDraft(page: Page, slug: string, name: string) {
  await page.goto(`/tenants/${slug}/prompts`);
  const form = page.getByTestId('create-prompt-config');
  await form.getByLabel(/^Name/).fill(name);
  await form.getByTestId('prompt-body').fill('You help with claims.');
  await form.getByRole('button', { name: 'Create draft' }).click();
  await expect(page.getByTestId('prompt-config-name')).toHaveText(name, { timeout: 20_000 });
  await page.getByTestId('version-row-1').getByRole('button', { name: 'Activate' }).click();
  await expect(page.getByTestId('version-message')).toHaveText('Version 1 is live.');
  await page.reload();
  await page.getByTestId('prompt-editor').getByTestId('prompt-body').fill('You help with claims.\nBe brief.');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByTestId('draft-saved')).toBeVisible();
}

/** The picker's choices as the chat URL's query strings, e.g. `prompt_config=<id>`. */
async function readPromptChoices(page: Page): Promise<string[]> {
  const values = await page
    .getByTestId('prompt-picker')
    .locator('option')
    .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
  return values.filter(Boolean);
}

test('a prompt manager picks a configuration or a draft version, and the trace names the version used', async ({ page }) => {
  const slug = await createE2eTenant('e2e-choice');
  await signIn(page, demo.platformAdmin);
  await createLiveConfigWithDraft(page, slug, 'claims desk');

  await page.goto(`/tenants/${slug}/playground`);
  const picker = page.getByTestId('prompt-picker');
  await expect(picker.locator('option').first()).toHaveText('Live default (claims desk v1)');
  await expect(picker.locator('option').nth(1)).toHaveText('claims desk: live version (v1)');
  await expect(picker.locator('option').nth(2)).toHaveText('claims desk: v2 (draft)');
  await expect(picker.locator('option').nth(3)).toHaveText('claims desk: v1 (active)');

  const message = page.getByLabel('Message');
  await message.fill('What is the first notice of loss?');
  await message.press('Enter');
  await expect(page.getByTestId('trace-prompt')).toHaveText('claims desk v1 (live default)', { timeout: 20_000 });

  await picker.selectOption({ label: 'claims desk: v2 (draft)' });
  await message.fill('And the payment authority?');
  await message.press('Enter');
  await expect(page.getByTestId('trace-prompt')).toHaveText('claims desk v2 (chosen)', { timeout: 20_000 });
  await expect(page.getByTestId('chat-assistant')).toHaveCount(2);
  await expect(page.getByRole('button', { name: /Trace shown/ })).toContainText('claims desk v2');
  await expect(page.getByRole('button', { name: /Show trace/ })).toContainText('claims desk v1');

  // The audit event records the version too.
  const requestId = (await page.getByTestId('decision-trace').locator('code').last().textContent())!;
  await page.goto(`/tenants/${slug}/logs?requestId=${requestId}`);
  await page.getByTestId('audit-event-row').filter({ hasText: 'inference.request' }).first().click();
  await expect(page.getByRole('dialog').getByTestId('drawer-prompt')).toHaveText('claims desk v2 (chosen in the playground)');
});

test("a tenant admin naming another tenant's configuration or version is refused like an unknown one", async ({ page, browser }) => {
  // Tenant B's ids, as a prompt manager of B sees them in its picker.
  const slugB = await createE2eTenant('e2e-choice-b');
  const owner = await browser.newPage();
  await signIn(owner, demo.platformAdmin);
  await createLiveConfigWithDraft(owner, slugB, 'private desk');
  await owner.goto(`/tenants/${slugB}/playground`);
  const choicesB = await readPromptChoices(owner);
  const configB = choicesB.find((choice) => choice.startsWith('prompt_config='))!;
  const versionB = choicesB.find((choice) => choice.startsWith('prompt_version='))!;
  expect(configB && versionB).toBeTruthy();
  // Positive control: in B's own playground the same ids are served.
  for (const choice of [configB, versionB]) expect((await owner.request.post(chatUrl(slugB, choice), { data: body })).status()).toBe(200);
  await owner.close();

  await signIn(page, demo.northwindAdmin);
  const unknown = await page.request.post(chatUrl('northwind-bank', `prompt_config=${randomUUID()}`), { data: body });
  expect(unknown.status()).toBe(404);
  const unknownMessage = (await unknown.json()).error.message;
  expect(unknownMessage).toContain('not found');
  for (const choice of [configB, versionB]) {
    const response = await page.request.post(chatUrl('northwind-bank', choice), { data: body });
    expect(response.status(), choice).toBe(404);
    expect((await response.json()).error.message).toBe(unknownMessage);
  }
  // And B's own chat route does not open to A's admin at all.
  expect((await page.request.post(chatUrl(slugB, configB), { data: body })).status()).toBe(404);

  const malformed = await page.request.post(chatUrl('northwind-bank', 'prompt_config=not-an-id'), { data: body });
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).error.param).toBe('prompt_config');
});

test('a member may not chat with a chosen version (drafts are for prompt managers)', async ({ page }) => {
  await signIn(page, demo.northwindMember);
  await page.goto('/tenants/northwind-bank/playground');
  await expect(page.getByTestId('prompt-picker').locator('option').first()).toHaveText(/^Live default/);
  expect((await readPromptChoices(page)).filter((choice) => choice.startsWith('prompt_version='))).toEqual([]);
  const refused = await page.request.post(chatUrl('northwind-bank', `prompt_version=${randomUUID()}`), { data: body });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.message).toContain('permission to manage prompts');
});
