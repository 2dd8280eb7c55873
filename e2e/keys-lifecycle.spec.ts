import { expect, test, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { verifyDeletionReceipt } from '@/lib/control/keys/deletion-receipt';
import { demo, signIn } from './fixtures';

// Each test seeds its own tenant through the platform role (as the provisioning path would), with a
// tier that calls for a customer key, then drives the key panel as a platform admin.

async function query<Row extends pg.QueryResultRow>(url: string | undefined, sql: string, values: unknown[]): Promise<Row[]> {
  if (!url) throw new Error('Database URLs are not set: run the browser tests through npm test');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

async function createKeyedTenant(label: string) {
  const slug = `${label}-${randomUUID().slice(0, 8)}`;
  const [row] = await query<{ id: string }>(
    process.env.BULKHEAD_PLATFORM_DATABASE_URL,
    `INSERT INTO tenants (slug, name, kind, prompt_tier) VALUES ($1, $2, 'external_client', 'schema_kms') RETURNING id`,
    [slug, `E2E ${slug}`],
  );
  return { id: row.id, slug };
}

async function openKeyPanelWithNewKey(page: Page, slug: string) {
  await signIn(page, demo.platformAdmin);
  await page.goto(`/tenants/${slug}/keys`);
  await expect(page.getByTestId('kms-key-owner')).toContainText('does not exist yet');
  await page.getByRole('button', { name: 'Create tenant key' }).click();
  await expect(page.getByTestId('key-created')).toBeVisible();
  await expect(page.getByTestId('kms-key-id')).toHaveText(/^[0-9a-f-]{36}$/);
  await expect(page.getByTestId('kms-key-owner')).toContainText('its own customer key');
}

test('a platform admin rotates a tenant key and sees the re-wrap job complete; the audit chain records it', async ({ page }) => {
  const tenant = await createKeyedTenant('e2e-rotate');
  await openKeyPanelWithNewKey(page, tenant.slug);

  await page.getByRole('button', { name: 'Rotate now' }).click();
  const progress = page.getByTestId('rewrap-progress');
  await expect(progress).toHaveAttribute('data-state', 'succeeded', { timeout: 20_000 });
  await expect(progress).toContainText('Re-wrap complete');
  await expect(page.getByRole('progressbar', { name: 'Re-wrap progress' })).toHaveAttribute('aria-valuenow', '100');

  // Written by the key-event listener registered at server start (instrumentation.ts).
  const events = await query<{ action: string }>(
    process.env.BULKHEAD_OWNER_DATABASE_URL,
    `SELECT action FROM audit_events WHERE tenant_id = $1 AND action LIKE 'kms.%' ORDER BY seq`,
    [tenant.id],
  );
  expect(events.map((event) => event.action)).toEqual(expect.arrayContaining(['kms.key_create', 'kms.key_rotate', 'kms.rewrap']));
});

test('a platform admin offboards a fresh tenant and downloads its signed deletion receipt', async ({ page }) => {
  const tenant = await createKeyedTenant('e2e-offboard');
  await openKeyPanelWithNewKey(page, tenant.slug);
  const keyId = await page.getByTestId('kms-key-id').innerText();

  const confirm = page.getByLabel(`Type ${tenant.slug} to confirm`);
  const shred = page.getByRole('button', { name: 'Offboard (crypto-shred)' });
  await confirm.fill('not-the-slug');
  await expect(shred).toBeDisabled();
  await confirm.fill(tenant.slug);
  await shred.click();
  await expect(page.getByTestId('offboard-done')).toContainText(keyId);

  const href = await page.getByTestId('receipt-download').getAttribute('href');
  const response = await page.request.get(href!);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-disposition']).toContain('attachment');
  const receipt = await response.json();
  expect(receipt.statement).toMatchObject({ tenantId: tenant.id, tenantSlug: tenant.slug, keyId });
  expect(verifyDeletionReceipt(receipt)).toBe(true);
  expect(verifyDeletionReceipt({ ...receipt, statement: { ...receipt.statement, keyId: randomUUID() } })).toBe(false);

  // Offboarded: the console no longer serves the tenant, even to a platform admin.
  const gone = await page.goto(`/tenants/${tenant.slug}`);
  expect(gone?.status()).toBe(404);
});
