import { expect, test, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createE2eTenant, demo, signIn } from './fixtures';
import { OIDC_PROVIDER_PORT, startLocalOidcProvider, type LocalOidcProvider } from './local-oidc-provider';
import { keepScreenshots } from './screenshots';

// Single sign-on against a real OpenID Connect provider on loopback. The settings are one row for the
// whole console, so these run one after another; password sign-in stays on for the other specs.
test.describe.configure({ mode: 'serial' });

const consoleOrigin = process.env.BULKHEAD_E2E_BASE_URL ?? 'http://127.0.0.1:3100';
// A second provider that answers on its own port but names the first one's issuer: a wrong issuer.
const IMPOSTOR_PORT = Number(process.env.BULKHEAD_E2E_OIDC_IMPOSTOR_PORT ?? 55631);
let provider: LocalOidcProvider;
let impostor: LocalOidcProvider;

test.beforeAll(async () => {
  provider = await startLocalOidcProvider({ consoleOrigin, port: OIDC_PROVIDER_PORT });
  impostor = await startLocalOidcProvider({ consoleOrigin, port: IMPOSTOR_PORT, issuer: provider.issuer });
});

test.afterAll(async () => {
  const client = new pg.Client({ connectionString: process.env.BULKHEAD_PLATFORM_DATABASE_URL });
  await client.connect();
  await client.query('DELETE FROM sso_settings').finally(() => client.end());
  await Promise.all([provider?.close(), impostor?.close()]);
});

async function saveIdentityProvider(admin: Page, settings: { issuer: string; clientId: string; clientSecret: string }) {
  await admin.goto('/platform/sso');
  const form = admin.getByTestId('sso-settings-form');
  await form.getByLabel('Issuer URL').fill(settings.issuer);
  await form.getByLabel('Client id').fill(settings.clientId);
  await form.getByLabel(/Client secret/).fill(settings.clientSecret);
  await form.getByRole('button', { name: 'Save identity provider' }).click();
  await expect(admin.getByText('Saved. The next sign-in uses these settings')).toBeVisible();
}

async function addRule(admin: Page, rule: { value: string; tenantSlug: string; role: 'member' | 'admin' }) {
  await admin.goto('/platform/sso');
  const form = admin.getByTestId('sso-mapping-form');
  await form.getByLabel('Value').fill(rule.value);
  await form.locator('select[name="tenantId"]').selectOption({ label: `E2E ${rule.tenantSlug}` });
  await form.locator('select[name="role"]').selectOption(rule.role);
  await form.getByRole('button', { name: 'Add rule' }).click();
  await expect(admin.getByTestId('sso-mapping-row').filter({ hasText: `E2E ${rule.tenantSlug}` })).toBeVisible();
}

/** Through the provider's login and consent (whichever it asks), from wherever the console sent the browser, and back. */
async function passProvider(page: Page, accountId: string, options: { atProvider?: () => Promise<void> } = {}) {
  const isAtProvider = () => new URL(page.url()).port === String(OIDC_PROVIDER_PORT);
  if (isAtProvider()) await options.atProvider?.();
  for (let step = 0; step < 4 && isAtProvider(); step++) {
    const before = page.url();
    const login = page.locator('input[name="login"]');
    const consent = page.getByRole('button', { name: 'Continue' });
    await expect(login.or(consent)).toBeVisible();
    if (await login.isVisible()) {
      await login.fill(accountId);
      await page.locator('input[name="password"]').fill('any password');
      await page.getByRole('button', { name: 'Sign-in' }).click();
    } else {
      await consent.click();
    }
    await page.waitForURL((url) => url.href !== before);
  }
  await page.waitForLoadState();
}

/** From the console's sign-in page through the provider and back. */
async function signInWithSso(page: Page, accountId: string, options: { atProvider?: () => Promise<void> } = {}) {
  await page.goto('/login');
  await page.getByRole('button', { name: 'Sign in with single sign-on' }).click();
  await page.waitForURL((url) => url.port === String(OIDC_PROVIDER_PORT) || url.pathname !== '/login' || url.search.includes('error='));
  await passProvider(page, accountId, options);
}

/** From an invitation link's "Continue with SSO" through the provider and back. */
async function acceptWithSso(page: Page, link: string, accountId: string, options: { atProvider?: () => Promise<void> } = {}) {
  await page.goto(link);
  await page.getByRole('button', { name: 'Continue with SSO' }).click();
  await page.waitForURL((url) => url.port === String(OIDC_PROVIDER_PORT) || !url.pathname.startsWith('/links/') || url.search.includes('refused='));
  await passProvider(page, accountId, options);
}

async function inviteFromUsersPage(admin: Page, email: string, tenantSlug: string, role: 'member' | 'admin'): Promise<string> {
  await admin.goto('/platform/users');
  const form = admin.getByTestId('invite-user-form');
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Access').selectOption('tenant');
  await form.locator('select[name="tenantId"]').selectOption({ label: `E2E ${tenantSlug}` });
  await form.locator('select[name="role"]').selectOption(role);
  await form.getByRole('button', { name: 'Create invitation link' }).click();
  const url = admin.getByTestId('issued-link-url');
  await expect(url).toContainText('/links/');
  return (await url.textContent())!;
}

test('first SSO sign-in provisions the mapped role, and a changed mapping changes access at the next sign-in', async ({ page, browser }, testInfo) => {
  const [first, second] = await Promise.all([createE2eTenant('sso-first'), createE2eTenant('sso-second')]);
  const group = `team-${randomBytes(4).toString('hex')}`;
  const accountId = `alice-${randomBytes(4).toString('hex')}`;
  provider.setGroups(accountId, [group, 'unrelated']);
  await signIn(page, demo.platformAdmin);
  await saveIdentityProvider(page, provider);
  await addRule(page, { value: group, tenantSlug: first, role: 'member' });
  await keepScreenshots(page, testInfo, 'sso-settings');

  const user = await (await browser.newContext()).newPage();
  await signInWithSso(user, accountId);
  await expect(user.getByTestId('signed-in-as')).toHaveText(`${accountId}@sso.example`);
  expect((await user.goto(`/tenants/${first}`))?.status()).toBe(200);
  expect((await user.goto(`/tenants/${first}/members`))?.status()).toBe(404);
  expect((await user.goto(`/tenants/${second}`))?.status()).toBe(404);

  // The rule moves the group to the second tenant as tenant admin: access follows at the next sign-in.
  const row = page.getByTestId('sso-mapping-row').filter({ hasText: `E2E ${first}` });
  await row.getByRole('button', { name: 'Remove' }).click();
  await row.getByRole('button', { name: 'Remove rule' }).click();
  await expect(row).toHaveCount(0);
  await addRule(page, { value: group, tenantSlug: second, role: 'admin' });
  await user.getByRole('button', { name: 'Sign out' }).click();
  await expect(user).toHaveURL(/\/login/);
  await signInWithSso(user, accountId);
  await expect(user.getByTestId('signed-in-as')).toHaveText(`${accountId}@sso.example`);
  expect((await user.goto(`/tenants/${second}/members`))?.status()).toBe(200);
  expect((await user.goto(`/tenants/${first}`))?.status()).toBe(404);
  await user.context().close();
});

test('claims that map to nothing get a clear no-access page, not an empty console', async ({ browser }, testInfo) => {
  const accountId = `nobody-${randomBytes(4).toString('hex')}`;
  provider.setGroups(accountId, ['no-rule-for-this-group']);
  const user = await (await browser.newContext()).newPage();
  await signInWithSso(user, accountId);
  await expect(user).toHaveURL(/\/no-access/);
  await expect(user.getByTestId('no-access')).toBeVisible();
  await keepScreenshots(user, testInfo, 'no-access');
  await user.goto('/tenants');
  await expect(user).toHaveURL(/\/login/);
  await user.context().close();
});

test('a tampered state is refused', async ({ browser }) => {
  const slug = await createE2eTenant('sso-state');
  const group = `state-${randomBytes(4).toString('hex')}`;
  const accountId = `mallory-${randomBytes(4).toString('hex')}`;
  provider.setGroups(accountId, [group]);
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, demo.platformAdmin);
  await addRule(admin, { value: group, tenantSlug: slug, role: 'member' });
  const user = await (await browser.newContext()).newPage();
  // The state next-auth sent travels back in the provider's redirect and must match the copy in its
  // sealed state cookie. A browser redirect cannot be intercepted, so the cookie side is altered.
  const tamperState = async () => {
    const cookies = await user.context().cookies();
    const state = cookies.find((cookie) => cookie.name.endsWith('authjs.state'));
    expect(state, 'next-auth set its state cookie').toBeTruthy();
    await user.context().addCookies([{ ...state!, value: `${state!.value.slice(0, -4)}AAAA` }]);
  };
  await signInWithSso(user, accountId, { atProvider: tamperState });
  await expect(user).toHaveURL(/\/login\?error=/);
  await expect(user.getByTestId('sso-error')).toContainText('could not be verified');
  await user.goto('/tenants');
  await expect(user).toHaveURL(/\/login/);
  // Positive control: the same account, untampered, gets in.
  await signInWithSso(user, accountId);
  await expect(user.getByTestId('signed-in-as')).toHaveText(`${accountId}@sso.example`);
  await Promise.all([admin.context().close(), user.context().close()]);
});

test('an invitation accepted with SSO lands in the tenant with the invited role; another email is refused; the used link is refused', async ({
  page,
  browser,
}, testInfo) => {
  const slug = await createE2eTenant('sso-invite');
  const accountId = `invitee-${randomBytes(4).toString('hex')}`;
  const wrongAccountId = `someone-else-${randomBytes(4).toString('hex')}`;
  // No rule maps these accounts' groups anywhere: only the invitation can give access.
  provider.setGroups(accountId, ['no-rule-for-this-group']);
  await signIn(page, demo.platformAdmin);
  await saveIdentityProvider(page, provider);
  const link = await inviteFromUsersPage(page, `${accountId}@sso.example`, slug, 'admin');

  const wrong = await (await browser.newContext()).newPage();
  await wrong.goto(link);
  await expect(wrong.getByRole('button', { name: 'Continue with SSO' })).toBeVisible();
  await expect(wrong.getByLabel(/New password/)).toBeVisible();
  await keepScreenshots(wrong, testInfo, 'invitation-sso-and-password');
  await acceptWithSso(wrong, link, wrongAccountId);
  await expect(wrong.getByTestId('link-refused')).toContainText(`${accountId}@sso.example`);
  await keepScreenshots(wrong, testInfo, 'invitation-sso-refused');
  await wrong.goto('/tenants');
  await expect(wrong).toHaveURL(/\/login/);
  await wrong.context().close();

  const invitee = await (await browser.newContext()).newPage();
  const invitationCookie = async () => (await invitee.context().cookies()).map((cookie) => cookie.name).includes('bulkhead-sso-invitation');
  // While the browser is at the provider, a short-lived cookie carries which invitation this sign-in is for.
  await acceptWithSso(invitee, link, accountId, { atProvider: async () => expect(await invitationCookie()).toBe(true) });
  await expect(invitee).toHaveURL(new RegExp(`/tenants/${slug}$`));
  await expect(invitee.getByTestId('signed-in-as')).toHaveText(`${accountId}@sso.example`);
  expect((await invitee.goto(`/tenants/${slug}/members`))?.status()).toBe(200);
  // The sign-in callback cleared the cookie that carried the invitation, so the next sign-in is an ordinary one.
  expect(await invitationCookie()).toBe(false);
  await invitee.goto(link);
  await expect(invitee.getByTestId('link-invalid')).toContainText('no longer valid');
  // The invitation was the only grant: it stays at the next SSO sign-in, though no rule maps the account.
  await invitee.context().close();
  const again = await (await browser.newContext()).newPage();
  await signInWithSso(again, accountId);
  await expect(again.getByTestId('signed-in-as')).toHaveText(`${accountId}@sso.example`);
  expect((await again.goto(`/tenants/${slug}/members`))?.status()).toBe(200);
  await again.context().close();
});

test('a group mapped to compliance officer gives, at the first sign-in, the compliance view of the assigned tenants only', async ({
  page,
  browser,
}, testInfo) => {
  const [assigned, unassigned] = await Promise.all([createE2eTenant('sso-compliance'), createE2eTenant('sso-compliance-not')]);
  const group = `auditors-${randomBytes(4).toString('hex')}`;
  const accountId = `auditor-${randomBytes(4).toString('hex')}`;
  provider.setGroups(accountId, [group]);
  await signIn(page, demo.platformAdmin);
  await saveIdentityProvider(page, provider);
  const form = page.getByTestId('sso-mapping-form');
  await form.getByLabel('Value').fill(group);
  await form.getByLabel('Access').selectOption('compliance_officer');
  await form.getByLabel(`E2E ${assigned}`).check();
  await form.getByRole('button', { name: 'Add rule' }).click();
  const rule = page.getByTestId('sso-mapping-row').filter({ hasText: group });
  await expect(rule).toContainText(`Compliance officer for E2E ${assigned}`);
  // Platform admin asks for an explicit confirmation before the rule is added.
  await form.getByLabel('Value').fill(`${group}-admins`);
  await form.getByLabel('Access').selectOption('platform_admin');
  await expect(page.getByTestId('platform-admin-warning')).toBeVisible();
  await keepScreenshots(page, testInfo, 'sso-platform-rules');
  await form.getByRole('button', { name: 'Add rule' }).click();
  await expect(form).toContainText('Confirm that everyone holding this value becomes a platform admin.');
  await expect(page.getByTestId('sso-mapping-row').filter({ hasText: `${group}-admins` })).toHaveCount(0);

  const officer = await (await browser.newContext()).newPage();
  await signInWithSso(officer, accountId);
  await expect(officer.getByTestId('signed-in-as')).toHaveText(`${accountId}@sso.example`);
  expect((await officer.goto(`/tenants/${assigned}/logs`))?.status()).toBe(200);
  expect((await officer.goto(`/tenants/${unassigned}/logs`))?.status()).toBe(404);
  expect((await officer.goto('/platform/users'))?.status()).toBe(404);
  await officer.context().close();
  await rule.getByRole('button', { name: 'Remove' }).click();
  await rule.getByRole('button', { name: 'Remove rule' }).click();
  await expect(rule).toHaveCount(0);
});

test('a provider whose discovery names another issuer is refused', async ({ page, browser }) => {
  await signIn(page, demo.platformAdmin);
  await saveIdentityProvider(page, { issuer: `http://127.0.0.1:${IMPOSTOR_PORT}`, clientId: impostor.clientId, clientSecret: impostor.clientSecret });
  const user = await (await browser.newContext()).newPage();
  await user.goto('/login');
  await user.getByRole('button', { name: 'Sign in with single sign-on' }).click();
  await expect(user).toHaveURL(/\/login\?error=/);
  await expect(user.getByTestId('sso-error')).toBeVisible();
  expect(user.url()).not.toContain(`:${IMPOSTOR_PORT}`);
  await user.goto('/tenants');
  await expect(user).toHaveURL(/\/login/);
  await user.context().close();
});
