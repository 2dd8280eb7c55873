import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { createTestTenant, createTestUser } from '@/lib/testing/fixtures';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { closeTenantSqlPools } from '@/lib/tenancy/with-tenant-sql';
import { getPrincipalForSessionToken } from '../session-store';
import { completeSsoSignIn } from './complete-sso-sign-in';
import { getSsoConfig, forgetSsoConfig, isPasswordSignInEnabled } from './sso-settings';
import { deleteSsoSettings, saveSsoSettings } from './manage-sso-settings';

const issuer = 'https://idp.test.example';
const platformAdmin = { platformRole: 'platform_admin' };
const actor = { type: 'user' as const, id: crypto.randomUUID(), label: 'sso-test@test.example' };

describe('single sign-on provisioning', () => {
  let tenantA: { id: string };
  let tenantB: { id: string };
  const group = `group-${crypto.randomUUID().slice(0, 8)}`;

  before(async () => {
    [tenantA, tenantB] = await Promise.all([createTestTenant('sso-a'), createTestTenant('sso-b')]);
  });
  after(async () => {
    await closeTenantSqlPools();
    await disconnectAllPrismaClients();
  });

  const setRule = (tenantId: string | null, role: 'admin' | 'member' = 'member') =>
    withPlatformSystemAccess('test: claim mapping', async (tx) => {
      await tx.ssoRoleMapping.deleteMany({ where: { value: group } });
      if (tenantId) await tx.ssoRoleMapping.create({ data: { claim: 'groups', value: group, tenantId, membershipRole: role } });
    });
  const grantsOf = async (sessionToken: string) =>
    ((await getPrincipalForSessionToken(sessionToken))?.grants ?? []).map((grant) => [grant.tenantId, grant.role]);
  const claimsFor = (sub: string, extra: Record<string, unknown> = {}) => ({
    sub,
    email: `${sub}@sso.test.example`,
    email_verified: true,
    groups: [group],
    ...extra,
  });

  test('the first sign-in creates the account with the mapped role; a changed mapping changes it at the next sign-in', async () => {
    const sub = `user-${crypto.randomUUID().slice(0, 8)}`;
    await setRule(tenantA.id, 'member');
    const first = await completeSsoSignIn({ issuer, claims: claimsFor(sub) });
    assert.ok(first.ok);
    assert.deepEqual(await grantsOf(first.sessionToken), [[tenantA.id, 'member']]);
    await setRule(tenantB.id, 'admin');
    const second = await completeSsoSignIn({ issuer, claims: claimsFor(sub) });
    assert.ok(second.ok);
    assert.equal(second.user.id, first.user.id, 'the same account, found by its subject');
    assert.deepEqual(await grantsOf(second.sessionToken), [[tenantB.id, 'admin']]);
  });

  test('claims that map to nothing give no access and create no account', async () => {
    const sub = `stranger-${crypto.randomUUID().slice(0, 8)}`;
    await setRule(tenantA.id);
    assert.deepEqual(await completeSsoSignIn({ issuer, claims: claimsFor(sub, { groups: ['something-else'] }) }), { ok: false });
    const accounts = await withPlatformSystemAccess('test: look for the account', (tx) => tx.user.count({ where: { email: `${sub}@sso.test.example` } }));
    assert.equal(accounts, 0);
  });

  test('memberships given in the console survive a mapping that no longer names their tenant', async () => {
    await setRule(tenantA.id);
    const invited = await createTestUser('sso-linked', [{ tenantId: tenantB.id, role: 'admin' }]);
    const linked = await completeSsoSignIn({ issuer, claims: { sub: `linked-${invited.id}`, email: invited.email, email_verified: true, groups: [group] } });
    assert.ok(linked.ok);
    assert.equal(linked.user.id, invited.id, 'a verified email links the existing account');
    assert.deepEqual(
      (await grantsOf(linked.sessionToken)).sort(),
      [
        [tenantA.id, 'member'],
        [tenantB.id, 'admin'],
      ].sort(),
    );
    await setRule(null);
    const again = await completeSsoSignIn({ issuer, claims: { sub: `linked-${invited.id}`, email: invited.email, email_verified: true, groups: [group] } });
    assert.ok(again.ok);
    assert.deepEqual(await grantsOf(again.sessionToken), [[tenantB.id, 'admin']]);
  });

  test('an unverified email never takes over an existing account', async () => {
    await setRule(tenantA.id);
    const existing = await createTestUser('sso-unverified', [{ tenantId: tenantB.id, role: 'admin' }]);
    const attempt = await completeSsoSignIn({
      issuer,
      claims: { sub: `attacker-${existing.id}`, email: existing.email, email_verified: false, groups: [group] },
    });
    assert.deepEqual(attempt, { ok: false });
  });

  test('a deactivated account gets no access through SSO', async () => {
    const sub = `disabled-${crypto.randomUUID().slice(0, 8)}`;
    await setRule(tenantA.id);
    const first = await completeSsoSignIn({ issuer, claims: claimsFor(sub) });
    assert.ok(first.ok);
    await withPlatformSystemAccess('test: deactivate', (tx) => tx.user.update({ where: { id: first.user.id }, data: { disabledAt: new Date() } }));
    assert.deepEqual(await completeSsoSignIn({ issuer, claims: claimsFor(sub) }), { ok: false });
  });

  test('console settings: the secret is stored sealed, opened through KMS, and password sign-in can be turned off', async () => {
    const secret = `client-secret-${crypto.randomUUID()}`;
    try {
      await saveSsoSettings(platformAdmin, {
        issuer,
        clientId: 'bulkhead',
        clientSecret: secret,
        isPasswordSignInEnabled: false,
        actor,
        requestId: crypto.randomUUID(),
      });
      const stored = await withPlatformSystemAccess('test: read the row', (tx) => tx.ssoSettings.findUnique({ where: { id: true } }));
      assert.ok(stored && !stored.clientSecretSealed.includes(secret));
      const config = await getSsoConfig();
      assert.equal(config?.clientSecret, secret);
      assert.equal(await isPasswordSignInEnabled(), false);
      await assert.rejects(
        saveSsoSettings({ platformRole: null }, { issuer, clientId: 'x', clientSecret: 'y', isPasswordSignInEnabled: true, actor, requestId: 'r' }),
        {
          status: 403,
        },
      );
    } finally {
      await deleteSsoSettings(platformAdmin, { actor, requestId: crypto.randomUUID() });
      forgetSsoConfig();
    }
    assert.equal(await isPasswordSignInEnabled(), true, 'without SSO, password sign-in is always on');
  });
});
