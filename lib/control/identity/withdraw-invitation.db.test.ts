import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { createTestTenant } from '@/lib/testing/fixtures';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { closeTenantSqlPools } from '@/lib/tenancy/with-tenant-sql';
import { createPlatformAdminPrincipal, findChainEvents, PLATFORM_CHAIN_ID } from './identity-test-helpers';
import { findOpenInvitations } from './find-users';
import { findTenantMembers } from './find-tenant-members';
import { invitePlatformUser } from './invite-platform-user';
import { inviteToTenant } from './invite-to-tenant';
import { acceptInvitation, getAccountLinkView } from './redeem-account-link';
import { withdrawInvitation, withdrawTenantInvitation } from './withdraw-invitation';

const tokenOf = (path: string) => path.replace('/links/', '');
const idOf = (email: string) =>
  withPlatformSystemAccess('test: invitation id', async (tx) => (await tx.accountLink.findFirstOrThrow({ where: { email }, select: { id: true } })).id);

describe('withdrawing an open invitation', () => {
  let tenantA: { id: string };
  let tenantB: { id: string };
  const actor = { type: 'user' as const, id: crypto.randomUUID(), label: 'withdraw@test.example' };
  const newEmail = () => `withdrawn-${crypto.randomUUID().slice(0, 8)}@test.example`;

  before(async () => {
    [tenantA, tenantB] = await Promise.all([createTestTenant('withdraw-a'), createTestTenant('withdraw-b')]);
  });
  after(async () => {
    await closeTenantSqlPools();
    await disconnectAllPrismaClients();
  });

  test("a tenant admin withdraws their own tenant's invitation: the link is refused like an expired one, and both chains record it", async () => {
    const email = newEmail();
    const link = await inviteToTenant(tenantA.id, { email, role: 'member', actor, requestId: crypto.randomUUID() });
    const requestId = crypto.randomUUID();
    await withdrawTenantInvitation(tenantA.id, { invitationId: await idOf(email), actor, requestId });
    assert.equal(await getAccountLinkView(tokenOf(link.path)), null);
    await assert.rejects(acceptInvitation(tokenOf(link.path), { name: 'Late', password: 'a long enough password 1' }), { status: 409 });
    assert.ok(!(await findTenantMembers(tenantA.id)).invitations.some((invitation) => invitation.email === email));
    for (const chain of [tenantA.id, PLATFORM_CHAIN_ID]) {
      const events = await findChainEvents(chain, 'member.invitation_withdraw');
      assert.equal(events.filter((event) => event.requestId === requestId).length, 1);
    }
    // Withdrawn once: a second withdrawal finds nothing open.
    await assert.rejects(withdrawTenantInvitation(tenantA.id, { invitationId: await idOf(email), actor, requestId: crypto.randomUUID() }), { status: 404 });
  });

  test("from tenant A's context, tenant B's invitation is not found and stays usable; the platform admin's invitations too", async () => {
    const inB = newEmail();
    const linkB = await inviteToTenant(tenantB.id, { email: inB, role: 'admin', actor, requestId: crypto.randomUUID() });
    await assert.rejects(withdrawTenantInvitation(tenantA.id, { invitationId: await idOf(inB), actor, requestId: crypto.randomUUID() }), { status: 404 });
    assert.ok(await getAccountLinkView(tokenOf(linkB.path)), 'still open');
    const admin = await createPlatformAdminPrincipal('withdraw-admin');
    const platformEmail = newEmail();
    const platformLink = await invitePlatformUser(admin, {
      email: platformEmail,
      platformRole: 'compliance_officer',
      complianceTenantIds: [tenantA.id],
      actor,
      requestId: crypto.randomUUID(),
    });
    await assert.rejects(
      withdrawTenantInvitation(tenantA.id, { invitationId: await idOf(platformEmail), actor, requestId: crypto.randomUUID() }),
      { status: 404 },
      'a tenant admin cannot reach a platform invitation, even one naming their tenant',
    );
    // Positive control: the platform admin withdraws both; only a platform admin may.
    await assert.rejects(withdrawInvitation({ ...admin, platformRole: null }, { invitationId: await idOf(inB), actor, requestId: crypto.randomUUID() }), {
      status: 403,
    });
    const listed = await findOpenInvitations(admin);
    assert.ok(listed.some((invitation) => invitation.email === inB && invitation.grants.startsWith('Tenant admin of')));
    await withdrawInvitation(admin, { invitationId: await idOf(inB), actor, requestId: crypto.randomUUID() });
    await withdrawInvitation(admin, { invitationId: await idOf(platformEmail), actor, requestId: crypto.randomUUID() });
    assert.equal(await getAccountLinkView(tokenOf(linkB.path)), null);
    assert.equal(await getAccountLinkView(tokenOf(platformLink.path)), null);
    assert.ok(!(await findOpenInvitations(admin)).some((invitation) => [inB, platformEmail].includes(invitation.email)));
    assert.ok((await findChainEvents(tenantB.id, 'member.invitation_withdraw')).some((event) => event.target === `invitation:${inB}`));
  });
});
