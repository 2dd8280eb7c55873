import { expect, test } from '@playwright/test';
import { demo, signIn } from './fixtures';

// The basics: a favicon, a searchable tenant list whose tier badges stay on one line, and a settings
// page that explains each rule once.

test('the favicon is served', async ({ request }) => {
  for (const [path, type] of [
    ['/favicon.ico', 'image/'],
    ['/favicon.svg', 'image/svg+xml'],
  ]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()['content-type'], path).toContain(type);
  }
});

test('the tenant list is searchable and its tier badges do not wrap', async ({ page }) => {
  await signIn(page, demo.platformAdmin);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/tenants');
  const rows = page.getByTestId('tenant-table').locator('tbody tr');
  expect(await rows.count()).toBeGreaterThan(1);
  for (const badge of await page.getByTestId('tenant-table').locator('tbody tr').first().locator('td span.rounded-full').all()) {
    const box = (await badge.boundingBox())!;
    expect(box.height).toBeLessThan(26);
  }

  await page.getByRole('searchbox', { name: 'Search tenants' }).fill('northwind');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/\?q=northwind/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Northwind Bank');
  await page.getByRole('searchbox', { name: 'Search tenants' }).fill('no-such-tenant-anywhere');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('tenant-search-empty')).toBeVisible();
});

test('the settings page explains each rule once, however many layers it sets', async ({ page }) => {
  await signIn(page, demo.platformAdmin);
  await page.goto('/tenants/st-elm-health/settings');
  const explained = page.getByTestId('rules-explained').locator('li');
  expect(await explained.count()).toBeGreaterThan(0);
  const ids = await explained.evaluateAll((items) => items.map((item) => item.id));
  expect(new Set(ids).size).toBe(ids.length);
  const firstRule = (await explained.first().locator('span.font-medium').textContent())!;
  await expect(page.getByText(firstRule, { exact: true })).toHaveCount(1);
});
