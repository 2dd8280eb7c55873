import { expect, test } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createE2eTenant, demo, signIn } from './fixtures';
import { keepScreenshots } from './screenshots';

/** A statement as the platform role, as the placement worker writes placement rows when it has moved a layer. */
async function runAsPlatform(sql: string, values: unknown[]) {
  const client = new pg.Client({ connectionString: process.env.BULKHEAD_PLATFORM_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql, values);
  } finally {
    await client.end();
  }
}

/** A dedicated retrieval placement on the server. */
function recordPlacementOn(serverName: string, slug: string) {
  return runAsPlatform(
    `INSERT INTO placements (tenant_id, layer, tier, state, schema_name, database_name, role_name, server_id)
     SELECT t.id, 'retrieval', 'dedicated', 'active', 'data_plane', 'bh_e2e_retrieval', 'bh_e2e_retrieval_d', s.id
       FROM tenants t, database_servers s WHERE t.slug = $1 AND s.name = $2`,
    [slug, serverName],
  );
}

/** A namespace prompt placement in the server's shard. */
function recordShardPlacementOn(serverName: string, slug: string) {
  return runAsPlatform(
    `INSERT INTO placements (tenant_id, layer, tier, state, schema_name, database_name, role_name, server_id)
     SELECT t.id, 'prompt', 'namespace', 'active', 'data_plane', 'bh_shard_' || replace(s.id::text, '-', ''), 'bh_shard_' || replace(s.id::text, '-', '') || '_app', s.id
       FROM tenants t, database_servers s WHERE t.slug = $1 AND s.name = $2`,
    [slug, serverName],
  );
}

// Platform admins register a database server, choose it for a tenant's dedicated layer, see the tenant
// under it (affected while it is down: nothing listens on its port here), and cannot remove it while
// anything lives on it or is recorded for it.
test('register a server, choose it when a layer goes dedicated, see its placements and connection use, refuse removing it while used', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const slug = await createE2eTenant('servers');
  const serverName = `shard-${randomUUID().slice(0, 8)}`;
  await signIn(page, demo.platformAdmin);
  await page.getByRole('link', { name: 'Database servers' }).click();
  await expect(page.getByRole('heading', { name: 'Database servers' })).toBeVisible();
  const controlPlane = page.locator('[data-server-name="Control plane server"]');
  await expect(controlPlane.getByTestId('server-connections')).toContainText(/\d+ of \d+ in use/);

  const form = page.getByRole('form', { name: 'Register a server' });
  await form.getByLabel('Name', { exact: true }).fill(serverName);
  await form.getByLabel('Region label').fill('eu-test-2');
  await form.getByLabel(/Owner connection URL/).fill('not a url');
  await form.getByRole('button', { name: 'Register server' }).click();
  await expect(form.getByText('Enter a URL such as postgres://')).toBeVisible();
  // Port 1: nothing listens there, so the server shows as down.
  await form.getByLabel(/Owner connection URL/).fill(`postgres://shard_owner:secret-${randomUUID()}@127.0.0.1:1/postgres`);
  await form.getByLabel('TLS mode').selectOption('disable');
  await form.getByLabel('Capacity notes').fill('4 vCPU, max_connections 200');
  await form.getByRole('button', { name: 'Register server' }).click();
  await expect(page.getByTestId('server-registered')).toContainText(`${serverName} registered.`);
  const card = page.locator(`[data-server-name="${serverName}"]`);
  await expect(card).toContainText('127.0.0.1:1');
  await expect(card).toContainText('eu-test-2');
  await expect(card.getByTestId('server-down')).toBeVisible();
  await expect(card).toContainText('No placements: it can be removed.');
  await expect(page.locator('body')).not.toContainText('secret-');

  // Going dedicated, the retrieval layer is placed on the new server.
  await page.goto(`/tenants/${slug}/settings`);
  const tiers = page.getByRole('form', { name: 'Isolation tiers' });
  // At the namespace tier only servers hosting a namespace shard are offered (another test may register one).
  await expect(tiers.locator('select[name="server-retrieval"] option', { hasText: serverName })).toHaveCount(0);
  await tiers.locator('select[name="tier-retrieval"]').selectOption('dedicated');
  await tiers.locator('select[name="server-retrieval"]').selectOption({ label: `${serverName} (eu-test-2)` });
  await tiers.getByRole('button', { name: 'Save tiers' }).click();
  await expect(page.getByTestId('tier-saved')).toBeVisible();
  await page.reload();
  await expect(tiers.locator('select[name="server-retrieval"] option:checked')).toHaveText(`${serverName} (eu-test-2)`);
  await keepScreenshots(page, testInfo, 'tier-form-server');

  await page.goto('/servers');
  await card.getByRole('button', { name: 'Remove' }).click();
  await card.getByRole('button', { name: 'Remove now' }).click();
  await expect(card.getByTestId('server-remove-error')).toContainText(`"${serverName}" still holds 1 tenant with a layer recorded on it`);

  // Once the worker has moved the layer there, the tenant is listed under it, as affected while it is down.
  await recordPlacementOn(serverName, slug);
  await page.reload();
  await expect(card.getByTestId('server-placement')).toHaveCount(1);
  await expect(card.getByTestId('server-placement')).toContainText(`E2E ${slug}`);
  await expect(card.getByTestId('server-placement')).toContainText('Retrieval');
  await expect(card.getByTestId('server-affected')).toContainText(`Affected while it is down: E2E ${slug}`);
  await expect(card.getByTestId('server-connections')).toContainText('pools: up to 2 per serving process');
  await card.getByRole('button', { name: 'Remove' }).click();
  await card.getByRole('button', { name: 'Remove now' }).click();
  await expect(card.getByTestId('server-remove-error')).toContainText('still holds 1 placement, 1 tenant with a layer recorded on it');
  await page.reload();
  await expect(card).toBeVisible();
  await keepScreenshots(page, testInfo, 'database-servers');
});

// A server turned into a namespace shard host: a tenant's namespace prompt layer is placed there on the
// tier form, the shard lists the tenant, the tenant's own card names the server, and neither removing
// the server nor turning the shard off is allowed while the tenant is on it.
test('host a namespace shard, place a namespace layer on it, see its tenants, refuse removal and turning it off while used', async ({ page }, testInfo) => {
  // Nine page loads and two sets of screenshots: on a loaded machine that outlasts the default minute.
  test.setTimeout(180_000);
  const slug = await createE2eTenant('shard');
  const serverName = `ns-shard-${randomUUID().slice(0, 8)}`;
  await signIn(page, demo.platformAdmin);
  await page.goto('/servers');
  const form = page.getByRole('form', { name: 'Register a server' });
  await form.getByLabel('Name', { exact: true }).fill(serverName);
  await form.getByLabel(/Owner connection URL/).fill(`postgres://shard_owner:secret-${randomUUID()}@127.0.0.1:1/postgres`);
  await form.getByLabel('TLS mode').selectOption('disable');
  await form.getByRole('button', { name: 'Register server' }).click();
  await expect(page.getByTestId('server-registered')).toContainText(`${serverName} registered.`);
  const card = page.locator(`[data-server-name="${serverName}"]`);
  await expect(card.getByTestId('server-shard')).toHaveCount(0);
  await card.getByRole('button', { name: `Host a namespace shard on ${serverName}` }).click();
  await expect(card.getByTestId('server-shard')).toContainText('Namespace shard: 0 tenants');

  // The tier form offers the shard for a namespace prompt layer, never for the log.
  await page.goto(`/tenants/${slug}/settings`);
  const tiers = page.getByRole('form', { name: 'Isolation tiers' });
  await tiers.locator('select[name="server-prompt"]').selectOption({ label: `${serverName} (namespace shard)` });
  await expect(tiers.locator('select[name="server-logs"]')).toHaveCount(0);
  await tiers.getByRole('button', { name: 'Save tiers' }).click();
  await expect(page.getByTestId('tier-saved')).toBeVisible();
  await expect(page.getByTestId('placement-pending')).toBeVisible();
  await page.reload();
  await expect(tiers.locator('select[name="server-prompt"] option:checked')).toHaveText(`${serverName} (namespace shard)`);

  // Once the worker has moved it, the card names the server and the shard lists the tenant.
  await recordShardPlacementOn(serverName, slug);
  await page.reload();
  await expect(page.getByTestId('placement-prompt-server')).toHaveText(`${serverName} (namespace shard)`);
  await expect(page.getByTestId('placement-retrieval-server')).toHaveText('Control plane server');
  await expect(page.getByTestId('placement-live')).toHaveAttribute('data-settled', 'true');
  await keepScreenshots(page, testInfo, 'tenant-settings-shard');

  await page.goto('/servers');
  await expect(card.getByTestId('server-shard-tenant')).toHaveText(`E2E ${slug} (Prompt and context)`);
  await card.getByRole('button', { name: `Stop hosting a namespace shard on ${serverName}` }).click();
  await expect(card.getByTestId('server-shard-error')).toContainText('still has tenants');
  await card.getByRole('button', { name: 'Remove' }).click();
  await card.getByRole('button', { name: 'Remove now' }).click();
  await expect(card.getByTestId('server-remove-error')).toContainText('still holds a namespace shard with 1 tenant, 1 tenant with a layer recorded on it');
  await keepScreenshots(page, testInfo, 'database-servers-shard');
});

test('the servers page is for platform admins only', async ({ page }) => {
  await signIn(page, demo.northwindAdmin);
  await expect(page.getByRole('link', { name: 'Database servers' })).toHaveCount(0);
  const response = await page.goto('/servers');
  expect(response?.status()).toBe(404);
});
