import { expect, test, type Browser, type Page } from '@playwright/test';
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { createE2eTenant, createE2eUser, signIn } from './fixtures';
import { callServerAction } from './policy-actions';
import { keepScreenshots } from './screenshots';

async function inviteFromMembersPage(page: Page, slug: string, email: string, role: 'Member' | 'Tenant admin'): Promise<string> {
  await page.goto(`/tenants/${slug}/members`);
  await page.getByLabel('Email').fill(email);
  await page.locator('select[name="role"]').selectOption({ label: role });
  await page.getByRole('button', { name: 'Create invitation link' }).click();
  const url = page.getByTestId('issued-link-url');
  await expect(url).toContainText('/links/');
  return (await url.textContent())!;
}

async function acceptInNewBrowser(browser: Browser, link: string, password: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(link);
  await page.getByLabel('Your name').fill('Invited Person');
  await page.getByLabel(/New password/).fill(password);
  await page.getByRole('button', { name: 'Accept invitation' }).click();
  await expect(page.getByTestId('link-done')).toContainText('Invitation accepted.');
  return page;
}

test('a tenant admin invites a member, who accepts by setting a password; a role change and a removal apply on the next request', async ({
  page,
  browser,
}, testInfo) => {
  const slug = await createE2eTenant('members');
  const admin = await createE2eUser('members-admin', { tenantSlug: slug, role: 'admin' });
  const inviteeEmail = `invitee-${randomBytes(4).toString('hex')}@e2e.example`;
  const inviteePassword = `invitee-${randomBytes(8).toString('hex')}`;
  await signIn(page, admin.email, admin.password);
  const link = await inviteFromMembersPage(page, slug, inviteeEmail, 'Member');
  await keepScreenshots(page, testInfo, 'members-invited');
  await page.reload();
  await expect(page.getByTestId('issued-link')).toHaveCount(0);
  await expect(page.getByTestId('open-invitations')).toContainText(inviteeEmail);

  const invitee = await acceptInNewBrowser(browser, link, inviteePassword);
  await signIn(invitee, inviteeEmail, inviteePassword);
  expect((await invitee.goto(`/tenants/${slug}`))?.status()).toBe(200);
  expect((await invitee.goto(`/tenants/${slug}/members`))?.status()).toBe(404);

  await page.reload();
  const row = page.getByTestId('member-row').filter({ hasText: inviteeEmail });
  await expect(row).toBeVisible();
  await row.getByLabel(`Role of ${inviteeEmail}`).selectOption('admin');
  await expect(row.getByLabel(`Role of ${inviteeEmail}`)).toHaveValue('admin');
  await expect.poll(async () => (await invitee.goto(`/tenants/${slug}/members`))?.status()).toBe(200);
  await keepScreenshots(page, testInfo, 'members-list');

  await row.getByRole('button', { name: 'Remove' }).click();
  await row.getByRole('button', { name: 'Remove now' }).click();
  await expect(page.getByTestId('member-row').filter({ hasText: inviteeEmail })).toHaveCount(0);
  expect((await invitee.goto(`/tenants/${slug}`))?.status()).toBe(404);

  await invitee.goto(link);
  await expect(invitee.getByTestId('link-invalid')).toBeVisible();
  await invitee.context().close();
});

test("a tenant admin gets 404 on another tenant's members page, and cannot invite into it or grant a platform role", async ({ page }) => {
  const [own, other] = await Promise.all([createE2eTenant('members-own'), createE2eTenant('members-other')]);
  const admin = await createE2eUser('members-own-admin', { tenantSlug: own, role: 'admin' });
  await signIn(page, admin.email, admin.password);
  const response = await page.goto(`/tenants/${other}/members`);
  expect(response?.status()).toBe(404);

  const path = `/tenants/${own}/members`;
  const email = () => `attempt-${randomBytes(4).toString('hex')}@e2e.example`;
  const intoOther = await callServerAction(page.request, path, 'inviteMemberAction', [other, { email: email(), role: 'member' }]);
  expect(intoOther).toContain('"ok":false,"error":"Not found"');
  const platformRole = await callServerAction(page.request, path, 'inviteMemberAction', [own, { email: email(), role: 'platform_admin' }]);
  expect(platformRole).toContain('"ok":false');
  expect(platformRole).toContain('Choose member or tenant admin.');
  const platformInvite = await callServerAction(page.request, '/platform/users', 'inviteUserAction', [{ access: 'platform_admin', email: email() }]);
  expect(platformInvite).toContain('Only platform admins can do that.');
  // Positive control: the same call into its own tenant with a tenant role works.
  const allowed = await callServerAction(page.request, path, 'inviteMemberAction', [own, { email: email(), role: 'member' }]);
  expect(allowed).toContain('"ok":true');
});

test('an expired invitation link is refused, and so is a made-up one', async ({ page }) => {
  const slug = await createE2eTenant('members-expired');
  const token = randomBytes(32).toString('base64url');
  const client = new pg.Client({ connectionString: process.env.BULKHEAD_PLATFORM_DATABASE_URL });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO account_links (token_hash, kind, email, tenant_id, membership_role, created_by, created_at, expires_at)
       SELECT $1, 'invitation', 'late@e2e.example', id, 'member', gen_random_uuid(), now() - interval '8 days', now() - interval '1 day' FROM tenants WHERE slug = $2`,
      [createHash('sha256').update(token).digest('hex'), slug],
    );
  } finally {
    await client.end();
  }
  await page.goto(`/links/${token}`);
  await expect(page.getByTestId('link-invalid')).toContainText('no longer valid');
  await page.goto(`/links/${randomBytes(32).toString('base64url')}`);
  await expect(page.getByTestId('link-invalid')).toContainText('no longer valid');
});

test("a tenant admin withdraws an open invitation, whose link is then refused; another tenant's invitation cannot be withdrawn", async ({
  page,
  browser,
}, testInfo) => {
  const [own, other] = await Promise.all([createE2eTenant('members-withdraw'), createE2eTenant('members-withdraw-other')]);
  const admin = await createE2eUser('members-withdraw-admin', { tenantSlug: own, role: 'admin' });
  const otherAdmin = await createE2eUser('members-withdraw-other-admin', { tenantSlug: other, role: 'admin' });
  const email = `withdrawn-${randomBytes(4).toString('hex')}@e2e.example`;
  await signIn(page, admin.email, admin.password);
  const link = await inviteFromMembersPage(page, own, email, 'Tenant admin');
  await page.reload();
  const invitation = page.getByTestId('open-invitation').filter({ hasText: email });
  await expect(invitation).toContainText('Tenant admin');
  await keepScreenshots(page, testInfo, 'members-open-invitations');

  // The other tenant's admin, holding an invitation id of this tenant, is refused; their own call shape works.
  const client = new pg.Client({ connectionString: process.env.BULKHEAD_PLATFORM_DATABASE_URL });
  await client.connect();
  const { rows } = await client.query(`SELECT id::text FROM account_links WHERE email = $1`, [email]).finally(() => client.end());
  const stranger = await (await browser.newContext()).newPage();
  await signIn(stranger, otherAdmin.email, otherAdmin.password);
  const attempt = await callServerAction(stranger.request, `/tenants/${other}/members`, 'withdrawMemberInvitationAction', [
    other,
    { invitationId: rows[0].id },
  ]);
  expect(attempt).toContain('"ok":false');
  expect(attempt).toContain('no longer open');
  const intoOwn = await callServerAction(stranger.request, `/tenants/${other}/members`, 'withdrawMemberInvitationAction', [own, { invitationId: rows[0].id }]);
  expect(intoOwn).toContain('"ok":false,"error":"Not found"');
  await stranger.context().close();
  await page.reload();
  await expect(invitation).toBeVisible();

  await invitation.getByRole('button', { name: 'Withdraw' }).click();
  await invitation.getByRole('button', { name: 'Withdraw invitation' }).click();
  await expect(page.getByTestId('open-invitation').filter({ hasText: email })).toHaveCount(0);
  const invitee = await (await browser.newContext()).newPage();
  await invitee.goto(link);
  await expect(invitee.getByTestId('link-invalid')).toContainText('no longer valid');
  await invitee.context().close();
});
