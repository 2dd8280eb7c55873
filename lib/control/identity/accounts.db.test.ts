import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { authorizeCredentials } from '@/lib/auth/authorize-credentials';
import { getPrincipalForSessionToken } from '@/lib/auth/session-store';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { createTestTenant, createTestUser } from '@/lib/testing/fixtures';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { closeTenantSqlPools } from '@/lib/tenancy/with-tenant-sql';
import type { Principal } from '@/lib/auth/principal';
import { hashAccountLinkToken } from '@/lib/auth/account-links/account-link-token';
import { revokeUserSessions, setPlatformRole, setUserActive } from './change-user-account';
import { createPlatformAdminPrincipal, findChainEvents, openSessionFor, PLATFORM_CHAIN_ID } from './identity-test-helpers';
import { invitePlatformUser } from './invite-platform-user';
import { inviteToTenant } from './invite-to-tenant';
import { issuePasswordReset } from './issue-password-reset';
import { assertAnotherPlatformAdminRemains } from '@/lib/auth/platform-admin-guard';
import { acceptInvitation, getAccountLinkView, resetPasswordWithLink } from './redeem-account-link';

const tokenOf = (path: string) => path.replace('/links/', '');
const from = () => new Headers({ 'x-forwarded-for': `203.0.113.${Math.floor(Math.random() * 250) + 1}` });

describe('accounts, invitations and password resets', () => {
  let tenant: { id: string; name: string };
  let admin: Principal;
  const actorOf = (principal: Principal) => ({ type: 'user' as const, id: principal.userId, label: principal.email });

  before(async () => {
    tenant = await createTestTenant('accounts');
    admin = await createPlatformAdminPrincipal('accounts-admin');
  });
  after(async () => {
    await closeTenantSqlPools();
    await disconnectAllPrismaClients();
  });

  test('an invitation is accepted once with a new password; the account then signs in with the invited role; reuse is refused', async () => {
    const email = `new-${crypto.randomUUID().slice(0, 8)}@test.example`;
    const link = await inviteToTenant(tenant.id, { email, role: 'admin', actor: actorOf(admin), requestId: crypto.randomUUID() });
    const view = await getAccountLinkView(tokenOf(link.path));
    assert.equal(view?.grants, `Tenant admin of ${tenant.name}`);
    await assert.rejects(acceptInvitation(tokenOf(link.path), { name: 'New Person', password: 'short' }), (error: Error) => error.name === 'ZodError');
    await acceptInvitation(tokenOf(link.path), { name: 'New Person', password: 'a long enough password' });
    const signedIn = await authorizeCredentials({ email, password: 'a long enough password' }, from());
    assert.ok(signedIn.ok);
    const principal = await getPrincipalForSessionToken(signedIn.user.sessionToken);
    assert.deepEqual(
      principal?.grants.map((grant) => [grant.tenantId, grant.role]),
      [[tenant.id, 'admin']],
    );
    await assert.rejects(acceptInvitation(tokenOf(link.path), { name: 'Again', password: 'another long password' }), { status: 409 });
    assert.equal(await getAccountLinkView(tokenOf(link.path)), null);
    const accepted = await findChainEvents(tenant.id, 'member.invitation_accept');
    assert.ok(accepted.some((event) => event.target === `user:${principal!.userId}`));
    assert.ok((await findChainEvents(PLATFORM_CHAIN_ID, 'member.invitation_accept')).some((event) => event.target === `user:${principal!.userId}`));
  });

  test('an expired invitation is refused', async () => {
    const email = `late-${crypto.randomUUID().slice(0, 8)}@test.example`;
    const link = await inviteToTenant(tenant.id, { email, role: 'member', actor: actorOf(admin), requestId: crypto.randomUUID() });
    await withPlatformSystemAccess(
      'test: let the link expire',
      (tx) =>
        tx.$executeRaw`UPDATE account_links SET created_at = now() - interval '9 days', expires_at = now() - interval '1 second' WHERE token_hash = ${hashAccountLinkToken(tokenOf(link.path))}`,
    );
    assert.equal(await getAccountLinkView(tokenOf(link.path)), null);
    await assert.rejects(acceptInvitation(tokenOf(link.path), { name: 'Late', password: 'a long enough password' }), { status: 409 });
    const created = await withPlatformSystemAccess('test: look for the account', (tx) => tx.user.count({ where: { email } }));
    assert.equal(created, 0, 'nothing half-written');
  });

  test('an existing account accepts with its own password, never by setting a new one', async () => {
    const other = await createTestTenant('accounts-other');
    const email = `existing-${crypto.randomUUID().slice(0, 8)}@test.example`;
    const first = await inviteToTenant(tenant.id, { email, role: 'member', actor: actorOf(admin), requestId: crypto.randomUUID() });
    await acceptInvitation(tokenOf(first.path), { name: 'Existing', password: 'the original password' });
    const second = await inviteToTenant(other.id, { email, role: 'member', actor: actorOf(admin), requestId: crypto.randomUUID() });
    assert.equal((await getAccountLinkView(tokenOf(second.path)))?.hasPassword, true);
    await assert.rejects(acceptInvitation(tokenOf(second.path), { name: '', password: 'an attacker password' }), { status: 422 });
    await acceptInvitation(tokenOf(second.path), { name: '', password: 'the original password' });
    const signedIn = await authorizeCredentials({ email, password: 'the original password' }, from());
    assert.ok(signedIn.ok);
    assert.equal((await getPrincipalForSessionToken(signedIn.user.sessionToken))?.grants.length, 2);
  });

  test('a compliance officer invitation grants the assigned tenants only, recorded in their chains', async () => {
    const email = `officer-${crypto.randomUUID().slice(0, 8)}@test.example`;
    const requestId = crypto.randomUUID();
    const link = await invitePlatformUser(admin, {
      email,
      platformRole: 'compliance_officer',
      complianceTenantIds: [tenant.id],
      actor: actorOf(admin),
      requestId,
    });
    assert.ok((await findChainEvents(tenant.id, 'member.invite')).some((event) => event.requestId === requestId));
    await acceptInvitation(tokenOf(link.path), { name: 'Officer', password: 'officer password 1' });
    const signedIn = await authorizeCredentials({ email, password: 'officer password 1' }, from());
    assert.ok(signedIn.ok);
    const principal = await getPrincipalForSessionToken(signedIn.user.sessionToken);
    assert.equal(principal?.platformRole, 'compliance_officer');
    assert.deepEqual(
      principal?.grants.map((grant) => [grant.tenantId, grant.role]),
      [[tenant.id, 'compliance']],
    );
  });

  test('a non-admin principal cannot use the platform functions', async () => {
    const member = await createTestUser('not-admin', [{ tenantId: tenant.id, role: 'admin' }]);
    const principal: Principal = { userId: member.id, email: member.email, name: 'x', platformRole: null, grants: [], sessionTokenHash: '' };
    await assert.rejects(
      invitePlatformUser(principal, {
        email: 'x@test.example',
        platformRole: 'platform_admin',
        complianceTenantIds: [],
        actor: actorOf(principal),
        requestId: 'r',
      }),
      { status: 403 },
    );
    await assert.rejects(setUserActive(principal, { userId: member.id, isActive: false, actor: actorOf(principal), requestId: 'r' }), { status: 403 });
  });

  test("deactivation ends the user's existing sessions on their next request; reactivation lets them sign in again", async () => {
    const user = await createTestUser('deactivated', [{ tenantId: tenant.id, role: 'member' }]);
    const session = await openSessionFor(user.id);
    assert.equal(await session.isValid(), true, 'positive control');
    const requestId = crypto.randomUUID();
    await setUserActive(admin, { userId: user.id, isActive: false, actor: actorOf(admin), requestId });
    assert.equal(await session.isValid(), false);
    assert.ok((await findChainEvents(tenant.id, 'user.deactivate')).some((event) => event.requestId === requestId));
    assert.ok((await findChainEvents(PLATFORM_CHAIN_ID, 'user.deactivate')).some((event) => event.requestId === requestId));
    await setUserActive(admin, { userId: user.id, isActive: true, actor: actorOf(admin), requestId: crypto.randomUUID() });
    assert.equal(await session.isValid(), false, 'a revoked session stays revoked');
    assert.equal(await (await openSessionFor(user.id)).isValid(), true);
  });

  test('revoking all sessions ends every open one', async () => {
    const user = await createTestUser('revoked', [{ tenantId: tenant.id, role: 'member' }]);
    const sessions = await Promise.all([openSessionFor(user.id), openSessionFor(user.id)]);
    assert.equal(await revokeUserSessions(admin, { userId: user.id, actor: actorOf(admin), requestId: crypto.randomUUID() }), 2);
    for (const session of sessions) assert.equal(await session.isValid(), false);
  });

  test('a password reset link sets a new password once and signs the account out everywhere', async () => {
    const email = `reset-${crypto.randomUUID().slice(0, 8)}@test.example`;
    const invitation = await inviteToTenant(tenant.id, { email, role: 'member', actor: actorOf(admin), requestId: crypto.randomUUID() });
    await acceptInvitation(tokenOf(invitation.path), { name: 'Reset', password: 'the forgotten password' });
    const signedIn = await authorizeCredentials({ email, password: 'the forgotten password' }, from());
    assert.ok(signedIn.ok);
    const older = await issuePasswordReset(admin, { userId: signedIn.user.id, actor: actorOf(admin), requestId: crypto.randomUUID() });
    const link = await issuePasswordReset(admin, { userId: signedIn.user.id, actor: actorOf(admin), requestId: crypto.randomUUID() });
    await assert.rejects(resetPasswordWithLink(tokenOf(older.path), 'replaced link password'), { status: 409 });
    await resetPasswordWithLink(tokenOf(link.path), 'the brand new password');
    assert.equal(await getPrincipalForSessionToken(signedIn.user.sessionToken), null);
    assert.equal((await authorizeCredentials({ email, password: 'the forgotten password' }, from())).ok, false);
    assert.equal((await authorizeCredentials({ email, password: 'the brand new password' }, from())).ok, true);
    await assert.rejects(resetPasswordWithLink(tokenOf(link.path), 'a second use password'), { status: 409 });
  });

  test('the last active platform admin cannot be demoted or deactivated; with another admin it can', async () => {
    const second = await createPlatformAdminPrincipal('accounts-second-admin');
    // Positive control first: with more than one admin the change passes.
    await setPlatformRole(admin, { userId: second.userId, platformRole: null, complianceTenantIds: [], actor: actorOf(admin), requestId: crypto.randomUUID() });
    // Alone: every other admin is deactivated inside a transaction that is rolled back, so parallel tests never see it.
    const rolledBack = new Error('roll back');
    await assert.rejects(
      withPlatformSystemAccess('test: only one admin left', async (tx) => {
        await tx.user.updateMany({ where: { platformRole: 'platform_admin', id: { not: admin.userId } }, data: { disabledAt: new Date() } });
        await assert.rejects(assertAnotherPlatformAdminRemains(tx, admin.userId), /last active platform admin/);
        throw rolledBack;
      }),
      (error) => error === rolledBack,
    );
  });
});
