import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { demo, signIn } from './fixtures';

const repoRoot = path.join(__dirname, '..');

/** A wrong password for a Northwind user: a denied auth.sign_in in Northwind's chain (one per account and window). */
async function failSignIn(page: Page, email: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(`wrong-${Date.now()}`);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByTestId('form-error')).toBeVisible();
}

test("a compliance officer assigned to Northwind browses and filters its log, cannot reach St. Elm's, and exports a file that verifies", async ({
  page,
  browser,
}) => {
  // Denied sign-ins: Northwind's chain then holds a denied event (repeated failures in a window are one event).
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  for (let attempt = 0; attempt < 3; attempt++) await failSignIn(otherPage, demo.northwindMember);
  await other.close();

  await signIn(page, demo.compliance);
  await page.goto('/audit');
  const tenants = page.getByTestId('audit-tenants');
  await expect(tenants.getByRole('link', { name: 'Northwind Bank' })).toBeVisible();
  await expect(tenants.getByRole('link', { name: 'St. Elm Health' })).toHaveCount(0);
  await tenants.getByRole('link', { name: 'Northwind Bank' }).click();
  await expect(page).toHaveURL(/\/tenants\/northwind-bank\/logs$/);

  const rows = page.getByTestId('audit-event-row');
  await expect(rows.first()).toBeVisible();

  // Filter: denied outcomes only.
  await page.getByRole('combobox', { name: 'Outcome' }).selectOption('denied');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  // The rows change once the filtered page has loaded: read them until they do (or time out).
  await expect(page.getByTestId('audit-event-count')).toContainText('events shown');
  await expect.poll(async () => [...new Set(await page.getByTestId('audit-event-outcome').allTextContents())]).toEqual(['denied']);

  // The drawer shows the whole event; "events of this request" filters on its request id.
  await rows.first().click();
  const drawer = page.getByRole('dialog');
  await expect(drawer.getByTestId('drawer-action')).toHaveText('auth.sign_in');
  const requestId = (await drawer.getByTestId('drawer-request-id').textContent())!;
  await drawer.getByRole('button', { name: 'Events of this request' }).click();
  await expect(drawer).toHaveCount(0);
  await expect(page.getByLabel('Request id')).toHaveValue(requestId);
  await expect(rows).toHaveCount(1);

  // Verify now: the status is replaced by this verification's.
  const chainStatus = page.getByTestId('chain-status');
  const before = (await chainStatus.textContent())!;
  await page.getByTestId('verify-now').click();
  await expect(chainStatus).not.toHaveText(before, { timeout: 20_000 });
  await expect(chainStatus).toContainText('Verified through seq');

  // St. Elm is not found however it is asked for.
  expect((await page.goto('/tenants/st-elm-health/logs'))?.status()).toBe(404);
  for (const response of [
    await page.request.get('/api/v1/audit/events?tenant=st-elm-health'),
    await page.request.post('/tenants/st-elm-health/logs/export', { form: { format: 'jsonl' } }),
  ]) {
    expect(response.status(), response.url()).toBe(404);
    expect(await response.json()).toEqual({ error: 'Not found' });
  }
  // The export writes to the chain, so it is a POST: a GET (a link, a prefetch) does nothing.
  expect((await page.request.get('/tenants/northwind-bank/logs/export?format=jsonl')).status()).toBe(405);
  const own = await page.request.get('/api/v1/audit/events?tenant=northwind-bank&limit=3');
  expect(own.status()).toBe(200);
  const ownBody = await own.json();
  expect(ownBody.events).toHaveLength(3);
  // A cursor continues only the query that made it.
  const otherQuery = await page.request.get(`/api/v1/audit/events?tenant=northwind-bank&outcome=denied&cursor=${ownBody.nextCursor}`);
  expect([otherQuery.status(), await otherQuery.json()]).toEqual([400, { error: 'This cursor belongs to another tenant or query.' }]);

  // Export the whole chain and verify it offline with the platform's key, as `npm run audit:verify` does.
  await page.goto('/tenants/northwind-bank/logs');
  const publicKey = (await page.getByTestId('checkpoint-public-key').textContent())!.trim();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download JSONL' }).click();
  const file = test.info().outputPath('northwind-audit.jsonl');
  await (await downloading).saveAs(file);
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts', file, '--public-key', publicKey], { cwd: repoRoot, encoding: 'utf8' });
  expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
  expect(run.stdout).toMatch(/^verified \d+ events of tenant /);
});

test('a Northwind member (no audit.read) does not get the log; a platform admin does, and is told the read is recorded', async ({ page, browser }) => {
  await signIn(page, demo.northwindMember);
  await page.goto('/audit');
  await expect(page.getByTestId('audit-tenants')).toHaveCount(0);
  expect((await page.goto('/tenants/northwind-bank/logs'))?.status()).toBe(404);

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, demo.platformAdmin);
  await admin.goto('/tenants/st-elm-health/logs');
  await expect(admin.getByTestId('platform-access-notice')).toBeVisible();
  await expect(admin.getByTestId('audit-event-action').first()).toHaveText('audit.access');
  await adminContext.close();
});
