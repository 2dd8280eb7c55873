import { expect, test, type Page } from '@playwright/test';
import { demo, signIn } from './fixtures';
import { keepScreenshots } from './screenshots';

async function readRequests(page: Page) {
  return Number((await page.getByTestId('usage-requests').locator('dd').first().textContent())!.replace(/[^0-9]/g, '') || 0);
}

async function sendPlaygroundRequest(page: Page, text: string) {
  await page.goto('/tenants/claims-operations/playground');
  await page.getByLabel('Message').fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

// The overview charts are drawn from usage buckets that real traffic fills (flushed about once a second).
test("a tenant's overview charts its real traffic over the chosen range, against the previous period", async ({ page }, testInfo) => {
  await signIn(page, demo.claimsAdmin);
  await page.goto('/tenants/claims-operations?range=1h');
  const before = await readRequests(page);
  await sendPlaygroundRequest(page, `Say "chart-${Date.now()}"`);
  await expect(page.getByTestId('chat-assistant').last()).not.toBeEmpty({ timeout: 20_000 });

  await expect(async () => {
    await page.goto('/tenants/claims-operations?range=1h');
    expect(await readRequests(page)).toBeGreaterThan(before);
  }).toPass({ timeout: 15_000 });
  await expect(page.getByRole('link', { name: '1 hour' })).toHaveAttribute('aria-current', 'page');
  for (const chart of ['chart-requests', 'chart-rates', 'chart-latency', 'chart-tokens', 'chart-incidents'])
    await expect(page.getByTestId(chart).getByRole('application')).toBeVisible();
  await expect(page.getByTestId('chart-requests').locator('.recharts-area-area').first()).toBeVisible();
  await expect(page.getByTestId('usage-requests')).toContainText(/vs previous|previous period/);
  await keepScreenshots(page, testInfo, 'tenant-overview');

  await page.getByRole('link', { name: '7 days' }).click();
  await expect(page).toHaveURL(/range=7d/);
  await expect(page.getByTestId('chart-requests').getByRole('application')).toBeVisible();
});

// Other tests send traffic from tenants of their own at the same time, so which tenants rank in the top ten is
// theirs to decide: this test checks the sum moves with its own request and the ranking is ordered and navigable.
test('the platform traffic page sums every tenant and ranks the top tenants; a tenant admin cannot open it', async ({ page, browser }, testInfo) => {
  const tenantAdmin = await (await browser.newContext()).newPage();
  await signIn(tenantAdmin, demo.claimsAdmin);
  expect((await tenantAdmin.goto('/platform/traffic'))?.status()).toBe(404);

  await signIn(page, demo.platformAdmin);
  await page.goto('/platform/traffic?range=24h');
  const before = await readRequests(page);
  await sendPlaygroundRequest(tenantAdmin, `Say "platform-${Date.now()}"`);
  await expect(tenantAdmin.getByTestId('chat-assistant').last()).not.toBeEmpty({ timeout: 20_000 });

  await expect(async () => {
    await page.goto('/platform/traffic?range=24h');
    expect(await readRequests(page)).toBeGreaterThan(before);
  }).toPass({ timeout: 15_000 });
  await expect(page.getByRole('heading', { name: 'Platform traffic' })).toBeVisible();
  await expect(page.getByTestId('chart-requests').getByRole('application')).toBeVisible();

  const rows = page.getByTestId('top-by-requests').locator('tbody tr');
  const counts = (await rows.locator('td:nth-child(2)').allTextContents()).map((text) => Number(text.replace(/[^0-9]/g, '')));
  expect(counts.length).toBeGreaterThan(0);
  expect(counts.length).toBeLessThanOrEqual(10);
  expect(counts).toEqual([...counts].sort((a, b) => b - a));
  expect(counts[0]).toBeGreaterThan(0);
  await keepScreenshots(page, testInfo, 'platform-traffic');

  // A ranked tenant that was deleted since keeps its row but has no page to link to.
  const first = page.getByTestId('top-by-requests').getByRole('link').first();
  const name = (await first.textContent())!;
  await first.click();
  await expect(page).toHaveURL(/\/tenants\/[a-z0-9-]+$/);
  await expect(page.getByTestId('tenant-name')).toHaveText(name);
});
