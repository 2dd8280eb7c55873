import { expect, test, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { demo, signIn } from './fixtures';
import { callServerAction } from './policy-actions';

// The isolation policy end to end: classify a tenant, watch its required tiers and the platform floor follow,
// and see a below-minimum tier refused by the server, in the UI and when the action is called directly.

async function startNewTenant(page: Page, label: string) {
  const name = `${label} ${randomUUID().slice(0, 8)}`;
  await page.goto('/tenants/new');
  await page.getByLabel('Name').fill(name);
  await page.getByRole('radio', { name: 'External client' }).check();
  return name;
}

async function createTenant(page: Page) {
  await page.getByRole('button', { name: 'Create tenant' }).click();
  await expect(page).toHaveURL(/\/tenants\/[a-z0-9-]+\/settings$/, { timeout: 20_000 });
  return new URL(page.url()).pathname;
}

test('classifying a new tenant moves its required tiers and the floor; a lower tier is refused until the risk is accepted', async ({ page }) => {
  await signIn(page, demo.platformAdmin);
  const name = await startNewTenant(page, 'Federal Agency');

  // An external client needs schema + KMS; FedRAMP and CUI make it dedicated and a floor setter.
  await expect(page.getByTestId('preview-minimum-prompt')).toHaveAttribute('data-tier', 'schema_kms');
  await expect(page.getByTestId('preview-floor')).not.toContainText(name);
  await page.getByRole('checkbox', { name: 'CUI' }).check();
  await page.getByRole('checkbox', { name: 'FedRAMP' }).check();
  for (const layer of ['prompt', 'retrieval', 'logs']) {
    await expect(page.getByTestId(`preview-minimum-${layer}`)).toHaveAttribute('data-tier', 'dedicated');
  }
  await expect(page.getByTestId('preview-minimum-prompt')).toContainText('R7-fedramp-separation');
  await expect(page.getByTestId('preview-floor')).toContainText(name);

  const settings = await createTenant(page);
  await expect(page.getByTestId('minimum-logs')).toHaveAttribute('data-tier', 'dedicated');
  await expect(page.getByTestId('current-logs')).toHaveAttribute('data-tier', 'dedicated');
  await expect(page.getByTestId('tenant-compliance').getByTestId('compliance-badge')).toHaveAttribute('data-compliant', 'true');

  await page.goto('/platform');
  await expect(page.getByTestId('floor-prompt')).toContainText(name);
  await expect(page.getByTestId('rule-table')).toContainText('X1-cui');

  // Below the minimum without an acceptance: refused by the server, nothing changes.
  await page.goto(settings);
  await page.getByLabel('Logs tier').selectOption('namespace');
  await expect(page.getByTestId('risk-acceptance')).toBeVisible();
  await page.getByRole('button', { name: 'Save tiers' }).click();
  const refusal = page.getByTestId('tier-error');
  await expect(refusal).toContainText('Logs cannot run at Namespace');
  await expect(refusal).toContainText('minimum there is Dedicated');
  await expect(refusal).toContainText('R7-fedramp-separation');
  await page.reload();
  await expect(page.getByTestId('current-logs')).toHaveAttribute('data-tier', 'dedicated');

  // The way through: a recorded risk acceptance with a justification and an expiry.
  await page.getByLabel('Logs tier').selectOption('namespace');
  await page.getByLabel('Justification').fill('Dedicated log store for the agency is being provisioned this quarter.');
  await page.getByLabel('Expires on').fill(new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10));
  await page.getByRole('button', { name: 'Save tiers' }).click();
  await expect(page.getByTestId('tier-saved')).toContainText('1 risk acceptance');
  await expect(page.getByTestId('current-logs')).toHaveAttribute('data-tier', 'namespace');
  await expect(page.getByTestId('layer-logs')).toContainText('risk accepted until');
  await expect(page.getByTestId('tenant-risk-acceptances')).toContainText('being provisioned this quarter');

  await page.goto('/platform');
  await expect(page.getByTestId('open-acceptances')).toContainText(name);
  await expect(page.getByTestId('below-minimum')).toContainText(name);
});

test('a classification change shows its impact before saving and leaves the tenant non-compliant on every screen', async ({ page }) => {
  await signIn(page, demo.platformAdmin);
  const name = await startNewTenant(page, 'Acme Client');
  await createTenant(page);
  await expect(page.getByTestId('current-prompt')).toHaveAttribute('data-tier', 'schema_kms');

  await page.getByRole('checkbox', { name: 'Has its own data processing agreement' }).check();
  await expect(page.getByTestId('preview-minimum-prompt')).toHaveAttribute('data-tier', 'dedicated');
  await expect(page.getByTestId('preview-shortfalls')).toContainText('below its new minimum Dedicated');
  await expect(page.getByTestId('minimum-prompt')).toHaveAttribute('data-tier', 'schema_kms');

  await page.getByRole('button', { name: 'Save classification' }).click();
  await expect(page.getByTestId('profile-saved')).toBeVisible();
  await expect(page.getByTestId('minimum-prompt')).toHaveAttribute('data-tier', 'dedicated');
  await expect(page.getByTestId('tenant-compliance').getByTestId('compliance-badge')).toHaveAttribute('data-compliant', 'false');

  await page.goto('/tenants');
  const row = page.getByTestId('tenant-table').getByRole('row').filter({ hasText: name });
  await expect(row.getByTestId('compliance-badge')).toHaveAttribute('data-compliant', 'false');
  await page.goto('/platform');
  await expect(page.getByTestId('non-compliant-tenants')).toContainText(name);
});

test('the server refuses a below-minimum tier when the action is called directly, without the form', async ({ page }) => {
  await signIn(page, demo.platformAdmin);
  await startNewTenant(page, 'Direct Call');
  const settings = await createTenant(page);
  const slug = settings.split('/')[2];
  const version = await page.getByRole('form', { name: 'Isolation tiers' }).getAttribute('data-version');

  const body = await callServerAction(page.request, settings, 'changeTenantTiersAction', [
    slug,
    { tiers: { prompt: 'namespace', retrieval: 'schema_kms', logs: 'schema_kms' }, expectedUpdatedAt: version },
  ]);
  expect(body).toContain('"ok":false');
  expect(body).toContain('Prompt and context cannot run at Namespace');
  await page.reload();
  await expect(page.getByTestId('current-prompt')).toHaveAttribute('data-tier', 'schema_kms');
});

test('tenant admins see classification and tiers read-only, and the server refuses their changes', async ({ page }) => {
  await signIn(page, demo.northwindAdmin);
  await page.goto('/tenants/northwind-bank/settings');
  await expect(page.getByTestId('profile-summary')).toBeVisible();
  await expect(page.getByTestId('minimum-logs')).toHaveAttribute('data-tier', 'dedicated');
  await expect(page.getByRole('button', { name: 'Save tiers' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Save classification' })).toHaveCount(0);

  for (const [action, input] of [
    ['changeTenantTiersAction', { tiers: { prompt: 'namespace', retrieval: 'namespace', logs: 'namespace' }, expectedUpdatedAt: new Date().toISOString() }],
    [
      'updateTenantProfileAction',
      {
        name: 'Renamed',
        kind: 'internal_department',
        dataClasses: [],
        regimes: [],
        adversarial: false,
        hasOwnDpa: false,
        notes: '',
        expectedUpdatedAt: new Date().toISOString(),
      },
    ],
  ] as const) {
    const body = await callServerAction(page.request, '/tenants/northwind-bank/settings', action, ['northwind-bank', input]);
    expect(body, action).toContain('"ok":false,"error":"Only platform admins can do that."');
  }
  const create = await callServerAction(page.request, '/tenants/new', 'createTenantAction', [
    { name: 'Rogue', slug: 'rogue-tenant', kind: 'internal_department', dataClasses: [], regimes: [], adversarial: false, hasOwnDpa: false, notes: '' },
  ]);
  expect(create).toContain('"ok":false,"error":"Only platform admins can do that."');

  expect((await page.goto('/platform'))?.status()).toBe(404);
  expect((await page.goto('/tenants/new'))?.status()).toBe(404);
});

test("a regulated tenant's data lives at the tiers its settings show, not in the shared tables", async ({ page }) => {
  await signIn(page, demo.stElmAdmin);
  await page.goto('/tenants/st-elm-health/settings');
  for (const layer of ['prompt', 'retrieval', 'logs']) {
    const recorded = await page.getByTestId(`current-${layer}`).getAttribute('data-tier');
    expect(recorded).not.toBe('namespace');
    await expect(page.getByTestId(`placement-${layer}`).locator('[data-tier]')).toHaveAttribute('data-tier', recorded!);
    await expect(page.getByTestId(`placement-${layer}`)).toContainText('active');
  }
  await expect(page.getByTestId('placement-pending')).toHaveCount(0);
});

test('moving the prompt layer to dedicated is refused while the tenant has no model endpoint of its own, saying what to configure', async ({ page }) => {
  await signIn(page, demo.platformAdmin);
  await startNewTenant(page, 'No Endpoint');
  const settings = await createTenant(page);
  await expect(page.getByTestId('current-prompt')).toHaveAttribute('data-tier', 'schema_kms');

  await page.getByLabel('Prompt and context tier').selectOption('dedicated');
  await page.getByRole('button', { name: 'Save tiers' }).click();
  const refusal = page.getByTestId('tier-error');
  await expect(refusal).toContainText('has none enabled');
  await expect(refusal).toContainText('Model endpoints');
  await page.screenshot({ path: test.info().outputPath('dedicated-refused-1440.png'), fullPage: false });
  await page.reload();
  await expect(page.getByTestId('current-prompt')).toHaveAttribute('data-tier', 'schema_kms');
  expect(settings).toContain('/settings');
});
