import { expect, test, type Browser } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createE2eTenant, createE2eUser, demo, signIn } from './fixtures';
import { callServerAction } from './policy-actions';
import { keepScreenshots } from './screenshots';

async function signInElsewhere(browser: Browser, user: { email: string; password: string }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, user.email, user.password);
  return page;
}

test('a platform admin deactivates a signed-in user: their open session stops working on its next request; reactivation lets them back', async ({
  page,
  browser,
}, testInfo) => {
  const slug = await createE2eTenant('users-deactivate');
  const user = await createE2eUser('users-deactivated', { tenantSlug: slug, role: 'member' });
  const other = await signInElsewhere(browser, user);
  expect((await other.goto(`/tenants/${slug}`))?.status()).toBe(200);

  await signIn(page, demo.platformAdmin);
  await page.getByRole('link', { name: 'Users', exact: true }).click();
  const row = page.locator(`[data-testid="user-row"][data-email="${user.email}"]`);
  await expect(row).toContainText('1 open session');
  await expect(row.getByTestId('user-membership')).toContainText(`E2E ${slug}`);
  await keepScreenshots(page, testInfo, 'users');
  await row.getByRole('button', { name: 'Deactivate' }).click();
  await row.getByRole('button', { name: 'Deactivate now' }).click();
  await expect(row).toContainText('deactivated');

  await other.goto(`/tenants/${slug}`);
  await expect(other).toHaveURL(/\/login/);
  await other.getByLabel('Email').fill(user.email);
  await other.getByLabel('Password').fill(user.password);
  await other.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(other.getByTestId('form-error')).toHaveText('Email or password is incorrect.');

  await row.getByRole('button', { name: 'Reactivate' }).click();
  await expect(row).toContainText('active');
  await signIn(other, user.email, user.password);
  await other.context().close();
});

test('a platform admin invites a compliance officer for one tenant, and issues a password reset link that works once', async ({ page, browser }, testInfo) => {
  const slug = await createE2eTenant('users-invite');
  const email = `officer-${randomBytes(4).toString('hex')}@e2e.example`;
  const password = `officer-${randomBytes(8).toString('hex')}`;
  await signIn(page, demo.platformAdmin);
  await page.goto('/platform/users');
  const form = page.getByTestId('invite-user-form');
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Access').selectOption('compliance_officer');
  await form.getByLabel(`E2E ${slug}`).check();
  await form.getByRole('button', { name: 'Create invitation link' }).click();
  const link = (await page.getByTestId('issued-link-url').textContent())!;
  expect(link).toContain('/links/');

  // A second invitation, withdrawn from the list of open ones: its link is refused like an expired one.
  const withdrawnEmail = `withdrawn-${randomBytes(4).toString('hex')}@e2e.example`;
  await form.getByLabel('Email').fill(withdrawnEmail);
  await form.getByLabel('Access').selectOption('platform_admin');
  await form.getByRole('button', { name: 'Create invitation link' }).click();
  await expect(page.getByTestId('issued-link-url')).not.toHaveText(link);
  const withdrawnLink = (await page.getByTestId('issued-link-url').textContent())!;
  const open = page.getByTestId('open-invitation').filter({ hasText: withdrawnEmail });
  await expect(open).toContainText('Platform admin');
  await keepScreenshots(page, testInfo, 'users-open-invitations');
  await open.getByRole('button', { name: 'Withdraw' }).click();
  await open.getByRole('button', { name: 'Withdraw invitation' }).click();
  await expect(page.getByTestId('open-invitation').filter({ hasText: withdrawnEmail })).toHaveCount(0);
  await expect(page.getByTestId('open-invitation').filter({ hasText: email })).toContainText(`Compliance officer for E2E ${slug}`);

  const invitee = (await browser.newContext()).newPage();
  const officer = await invitee;
  await officer.goto(withdrawnLink);
  await expect(officer.getByTestId('link-invalid')).toContainText('no longer valid');
  await officer.goto(link);
  await expect(officer.getByText(`Compliance officer for E2E ${slug}`)).toBeVisible();
  await keepScreenshots(officer, testInfo, 'accept-invitation');
  await officer.getByLabel('Your name').fill('Officer');
  await officer.getByLabel(/New password/).fill(password);
  await officer.getByRole('button', { name: 'Accept invitation' }).click();
  await expect(officer.getByTestId('link-done')).toBeVisible();
  await signIn(officer, email, password);
  expect((await officer.goto(`/tenants/${slug}/logs`))?.status()).toBe(200);
  expect((await officer.goto('/platform/users'))?.status()).toBe(404);

  await page.reload();
  const row = page.locator(`[data-testid="user-row"][data-email="${email}"]`);
  await expect(row).toContainText('compliance officer');
  await row.getByRole('button', { name: 'Password reset link' }).click();
  const resetLink = (await row.getByTestId('issued-link-url').textContent())!;
  await officer.goto(resetLink);
  await officer.getByLabel(/New password/).fill(`${password}-new`);
  await officer.getByRole('button', { name: 'Set password' }).click();
  await expect(officer.getByTestId('link-done')).toContainText('other sessions were signed out');
  await signIn(officer, email, `${password}-new`);
  await officer.goto(resetLink);
  await expect(officer.getByTestId('link-invalid')).toBeVisible();
  await officer.context().close();
});

test("a user revokes another of their own sessions, which stops working at once; another user's session cannot be revoked", async ({
  page,
  browser,
}, testInfo) => {
  const user = await createE2eUser('users-sessions');
  const stranger = await createE2eUser('users-stranger');
  const other = await signInElsewhere(browser, user);
  const strangerPage = await signInElsewhere(browser, stranger);
  await signIn(page, user.email, user.password);
  await page.getByRole('link', { name: 'Your sessions' }).click();
  const sessions = page.getByTestId('own-session');
  await expect(sessions).toHaveCount(2);
  await keepScreenshots(page, testInfo, 'own-sessions');

  const client = new pg.Client({ connectionString: process.env.BULKHEAD_PLATFORM_DATABASE_URL });
  await client.connect();
  const { rows } = await client
    .query(`SELECT s.token_hash FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = $1 AND s.revoked_at IS NULL`, [stranger.email])
    .finally(() => client.end());
  const attempt = await callServerAction(page.request, '/account/sessions', 'revokeOwnSessionAction', [{ sessionId: rows[0].token_hash }]);
  expect(attempt).toContain('"ok":false');
  await strangerPage.goto('/account/sessions');
  await expect(strangerPage.getByTestId('own-session')).toHaveCount(1);

  const notCurrent = sessions.filter({ hasNotText: 'this browser' });
  await notCurrent.getByRole('button', { name: 'Revoke' }).click();
  await notCurrent.getByRole('button', { name: 'Revoke now' }).click();
  await expect(sessions).toHaveCount(1);
  await other.goto('/tenants');
  await expect(other).toHaveURL(/\/login/);
  await other.context().close();
  await strangerPage.context().close();
});
