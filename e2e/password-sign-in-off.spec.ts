import { expect, request as playwrightRequest, test } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { demo, demoPassword, signIn } from './fixtures';
import { OIDC_PROVIDER_PORT, startLocalOidcProvider, type LocalOidcProvider } from './local-oidc-provider';
import { keepScreenshots } from './screenshots';

// Password sign-in is one setting for the whole console, so this spec runs in a project of its own
// after every other project (playwright.config.ts), and the restore-password-sign-in teardown
// project turns it back on however this ends.
test.describe.configure({ mode: 'serial' });

const consoleOrigin = process.env.BULKHEAD_E2E_BASE_URL ?? 'http://127.0.0.1:3100';
let provider: LocalOidcProvider;

test.beforeAll(async () => {
  provider = await startLocalOidcProvider({ consoleOrigin, port: OIDC_PROVIDER_PORT });
});
test.afterAll(async () => {
  await provider?.close();
});

/** Posts an email and password straight to next-auth's credentials callback, as a script would; true when a session came back. */
async function postPassword(email: string, password: string): Promise<boolean> {
  const context = await playwrightRequest.newContext({ baseURL: consoleOrigin });
  try {
    const { csrfToken } = (await (await context.get('/api/auth/csrf')).json()) as { csrfToken: string };
    await context.post('/api/auth/callback/credentials', { form: { csrfToken, email, password, callbackUrl: '/tenants' }, maxRedirects: 0 });
    const tenants = await context.get('/tenants', { maxRedirects: 0 });
    return tenants.status() === 200;
  } finally {
    await context.dispose();
  }
}

test('with password sign-in off, the sign-in and invitation pages offer only single sign-on and a password POST is refused', async ({
  page,
  browser,
}, testInfo) => {
  // Positive control: while password sign-in is on, the same POST opens a session.
  expect(await postPassword(demo.platformAdmin, demoPassword(demo.platformAdmin))).toBe(true);

  await signIn(page, demo.platformAdmin);
  await page.goto('/platform/sso');
  const settings = page.getByTestId('sso-settings-form');
  await settings.getByLabel('Issuer URL').fill(provider.issuer);
  await settings.getByLabel('Client id').fill(provider.clientId);
  await settings.getByLabel(/Client secret/).fill(provider.clientSecret);
  await settings.getByLabel(/Password sign-in stays on/).uncheck();
  await settings.getByRole('button', { name: 'Save identity provider' }).click();
  await expect(page.getByText('Saved. The next sign-in uses these settings')).toBeVisible();

  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto('/login');
  await expect(visitor.getByRole('button', { name: 'Sign in with single sign-on' })).toBeVisible();
  await expect(visitor.locator('input[name="password"]')).toHaveCount(0);
  await expect(visitor.getByText('or with a password')).toHaveCount(0);
  await keepScreenshots(visitor, testInfo, 'login-password-off');
  expect(await postPassword(demo.platformAdmin, demoPassword(demo.platformAdmin))).toBe(false);

  // An invitation is accepted by single sign-on only.
  await page.goto('/platform/users');
  const form = page.getByTestId('invite-user-form');
  await form.getByLabel('Email').fill(`sso-only-${randomBytes(4).toString('hex')}@sso.example`);
  await form.getByLabel('Access').selectOption('platform_admin');
  await form.getByRole('button', { name: 'Create invitation link' }).click();
  const link = (await page.getByTestId('issued-link-url').textContent())!;
  await visitor.goto(link);
  await expect(visitor.getByRole('button', { name: 'Continue with SSO' })).toBeVisible();
  await expect(visitor.locator('input[name="password"]')).toHaveCount(0);
  await keepScreenshots(visitor, testInfo, 'invitation-sso-only');
  await visitor.context().close();
});
