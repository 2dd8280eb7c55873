import { expect, test } from '@playwright/test';
import { demo, signIn } from './fixtures';

// A tenant admin chooses what a key may do when creating it: an audit key reads the tenant's audit
// events over the API and cannot call the model; the list says which scope each key has.
test('an audit key created in the console reads the audit API, not the model, until revoked', async ({ page }) => {
  await signIn(page, demo.northwindAdmin);
  await page.goto('/tenants/northwind-bank/keys');
  const panel = page.getByTestId('api-keys-panel');
  const name = `e2e-audit-${Date.now()}`;
  await panel.getByLabel('Key name').fill(name);
  await panel.getByLabel('Audit log read (audit events API)').check();
  await panel.getByRole('button', { name: 'Create key' }).click();
  const secret = (await panel.getByTestId('new-api-key-secret').textContent())!;
  expect(secret).toMatch(/^bhk_/);
  const row = panel.getByTestId('api-key-row').filter({ hasText: name });
  await expect(row.getByTestId('api-key-scope')).toHaveText('audit read');

  const headers = { authorization: `Bearer ${secret}` };
  const events = await page.request.get('/api/v1/audit/events?limit=5', { headers });
  expect(events.status()).toBe(200);
  const body = await events.json();
  expect(body.tenant).toBe('northwind-bank');
  expect(body.events.some((event: { action: string; payload: { name?: string } }) => event.action === 'api_key.create' && event.payload.name === name)).toBe(
    true,
  );
  const chat = await page.request.post('/api/v1/chat/completions', { headers, data: { model: 'sim-small', messages: [{ role: 'user', content: 'hi' }] } });
  expect(chat.status()).toBe(403);
  expect((await chat.json()).error.code).toBe('insufficient_scope');

  await row.getByRole('button', { name: 'Revoke' }).click();
  await row.getByRole('button', { name: 'Revoke now' }).click();
  await expect(row).toContainText('revoked');
  expect((await page.request.get('/api/v1/audit/events', { headers })).status()).toBe(401);
});

test('keys default to inference, and the list says so', async ({ page }) => {
  await signIn(page, demo.northwindAdmin);
  await page.goto('/tenants/northwind-bank/keys');
  const panel = page.getByTestId('api-keys-panel');
  await expect(panel.getByLabel('Inference (chat completions)')).toBeChecked();
  const name = `e2e-inference-${Date.now()}`;
  await panel.getByLabel('Key name').fill(name);
  await panel.getByRole('button', { name: 'Create key' }).click();
  const secret = (await panel.getByTestId('new-api-key-secret').textContent())!;
  await expect(panel.getByTestId('api-key-row').filter({ hasText: name }).getByTestId('api-key-scope')).toHaveText('inference');
  const refused = await page.request.get('/api/v1/audit/events', { headers: { authorization: `Bearer ${secret}` } });
  expect(refused.status()).toBe(403);
});
