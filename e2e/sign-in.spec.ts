import { expect, test } from '@playwright/test';
import { demo, signIn } from './fixtures';

test('the platform admin sees the three demo tenants', async ({ page }) => {
  await signIn(page, demo.platformAdmin);
  const table = page.getByTestId('tenant-table');
  for (const name of ['Claims Operations', 'Northwind Bank', 'St. Elm Health']) {
    await expect(table.getByRole('link', { name })).toBeVisible();
  }
  await expect(page.getByRole('link', { name: 'Platform', exact: true })).toBeVisible();
});

test('a wrong password shows an error that does not say whether the email exists', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill(demo.platformAdmin);
  await page.getByLabel('Password').fill('definitely-wrong');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByTestId('form-error')).toHaveText('Email or password is incorrect.');

  await page.getByLabel('Email').fill('nobody@nowhere.example');
  await page.getByLabel('Password').fill('definitely-wrong');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByTestId('form-error')).toHaveText('Email or password is incorrect.');
});

test("a Northwind user sees only Northwind and gets 404 on St. Elm's pages", async ({ page }) => {
  await signIn(page, demo.northwindMember);
  const table = page.getByTestId('tenant-table');
  await expect(table.getByRole('link', { name: 'Northwind Bank' })).toBeVisible();
  await expect(table.getByRole('link')).toHaveCount(1);
  await expect(page.getByRole('link', { name: 'Platform' })).toHaveCount(0);

  const response = await page.goto('/tenants/st-elm-health');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await expect(page.getByText('St. Elm Health')).toHaveCount(0);

  const own = await page.goto('/tenants/northwind-bank');
  expect(own?.status()).toBe(200);
  await expect(page.getByTestId('tenant-name')).toHaveText('Northwind Bank');
});

test('signing out revokes the session at once, even for a copied cookie', async ({ page, browser }) => {
  await signIn(page, demo.northwindAdmin);
  const cookies = await page.context().cookies();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);

  const replay = await browser.newContext();
  await replay.addCookies(cookies);
  const replayPage = await replay.newPage();
  await replayPage.goto('/tenants/northwind-bank');
  await expect(replayPage).toHaveURL(/\/login/);
  await replay.close();
});

test('anonymous visitors are sent to sign in', async ({ page }) => {
  await page.goto('/tenants/northwind-bank');
  await expect(page).toHaveURL(/\/login/);
});
