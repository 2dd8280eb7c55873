import { expect, test as teardown } from '@playwright/test';
import pg from 'pg';

// Runs after the password-sign-in-off project however it ended: removes the console's SSO settings,
// which turns password sign-in back on, and checks the sign-in page offers it again.
teardown('password sign-in is back on', async ({ page }) => {
  const client = new pg.Client({ connectionString: process.env.BULKHEAD_PLATFORM_DATABASE_URL });
  await client.connect();
  await client.query('DELETE FROM sso_settings').finally(() => client.end());
  // The console keeps its settings for a few seconds per process.
  await expect(async () => {
    await page.goto('/login');
    await expect(page.locator('input[name="password"]')).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
});
