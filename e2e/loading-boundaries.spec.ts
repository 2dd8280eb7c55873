import { expect, test } from '@playwright/test';
import { demo, signIn } from './fixtures';

// Tenant sections stream a loading skeleton, but only below a layout that has already checked the
// section's permission: a tenant or section the user may not open still answers HTTP 404, never a
// 200 with a not-found page inside.

test('another tenant, an unknown tenant and a section without permission answer 404; allowed sections 200', async ({ page }) => {
  await signIn(page, demo.northwindMember);
  const statusOf = async (path: string) => (await page.goto(path))?.status();
  for (const path of [
    '/tenants/claims-operations/playground',
    '/tenants/claims-operations/settings',
    '/tenants/no-such-tenant/logs',
    '/tenants/northwind-bank/logs',
    '/tenants/northwind-bank/keys',
    '/tenants/northwind-bank/endpoints',
    '/tenants/northwind-bank/isolation',
  ]) {
    expect(await statusOf(path), path).toBe(404);
  }
  // Positive control: the member's own sections answer 200.
  expect(await statusOf('/tenants/northwind-bank/playground')).toBe(200);
  expect(await statusOf('/tenants/northwind-bank/settings')).toBe(200);
});

test("a tenant admin gets 404 for another tenant's sections, 200 with a loading skeleton for their own", async ({ page }) => {
  await signIn(page, demo.northwindAdmin);
  for (const section of ['logs', 'keys', 'isolation', 'endpoints', 'incidents', 'playground']) {
    const refused = await page.request.get(`/tenants/claims-operations/${section}`);
    expect(refused.status(), section).toBe(404);
    expect(await refused.text()).not.toContain('data-testid="page-skeleton"');
  }
  const own = await page.request.get('/tenants/northwind-bank/logs');
  expect(own.status()).toBe(200);
  // The skeleton is sent first and replaced when the page's data has arrived.
  expect(await own.text()).toContain('data-testid="page-skeleton"');
  await page.goto('/tenants/northwind-bank/logs');
  await expect(page.getByTestId('tenant-name')).toHaveText('Northwind Bank');
  await expect(page.getByTestId('page-skeleton')).toHaveCount(0);
});
