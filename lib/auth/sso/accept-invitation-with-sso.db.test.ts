import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { createTestTenant } from '@/lib/testing/fixtures';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { closeTenantSqlPools } from '@/lib/tenancy/with-tenant-sql';
import { createPlatformAdminPrincipal, findChainEvents, PLATFORM_CHAIN_ID } from '@/lib/control/identity/identity-test-helpers';
import { invitePlatformUser } from '@/lib/control/identity/invite-platform-user';
import { inviteToTenant } from '@/lib/control/identity/invite-to-tenant';
import { withdrawInvitation } from '@/lib/control/identity/withdraw-invitation';
import type { Principal } from '../principal';
import { getPrincipalForSessionToken } from '../session-store';
import { completeSsoSignIn } from './complete-sso-sign-in';

const issuer = 'https://idp.invitations.test.example';
const tokenOf = (path: string) => path.replace('/links/', '');

describe('accepting an invitation with single sign-on', () => {
  let tenant: { id: string };
  let other: { id: string };
  let admin: Principal;
  const actor = () => ({ type: 'user' as const, id: admin.userId, label: admin.email });
  const claimsFor = (sub: string, email: string, extra: Record<string, unknown> = {}) => ({ sub, email, email_verified: true, groups: [], ...extra });

  before(async () => {
    [tenant, other] = await Promise.all([createTestTenant('sso-invite'), createTestTenant('sso-invite-other')]);
    admin = await createPlatformAdminPrincipal('sso-invite-admin');
  });
  after(async () => {
    await closeTenantSqlPools();
    await disconnectAllPrismaClients();
  });

  test('the invited, verified email gets exactly the invited role once; the link is spent and audited; reuse is refused', async () => {
    const sub = `invitee-${crypto.randomUUID().slice(0, 8)}`;
    const email = `${sub}@sso.test.example`;
    const link = await inviteToTenant(tenant.id, { email, role: 'admin', actor: actor(), requestId: crypto.randomUUID() });
    // No claim mapping names this person: only the invitation can give access.
    const signedIn = await completeSsoSignIn({ issuer, claims: claimsFor(sub, email) }, tokenOf(link.path));
    assert.ok(signedIn.ok, 'accepted');
    const principal = await getPrincipalForSessionToken(signedIn.sessionToken);
    assert.deepEqual(
      principal?.grants.map((grant) => [grant.tenantId, grant.role]),
      [[tenant.id, 'admin']],
    );
    const membership = await withPlatformSystemAccess('test: read', (tx) =>
      tx.membership.findUnique({ where: { tenantId_userId: { tenantId: tenant.id, userId: signedIn.user.id } } }),
    );
    assert.equal(membership?.grantedBySso, false, 'an accepted invitation is a console grant the mapping never removes');
    for (const chain of [tenant.id, PLATFORM_CHAIN_ID]) {
      const accepted: { target: string | null; payloadJson: string }[] = (await findChainEvents(chain, 'member.invitation_accept')).filter(
        (row: { target: string | null }) => row.target === `user:${signedIn.user.id}`,
      );
      assert.deepEqual(
        accepted.map((row) => (JSON.parse(row.payloadJson) as { via?: string }).via),
        ['sso'],
        `recorded once in ${chain === PLATFORM_CHAIN_ID ? 'the platform' : 'the tenant'} chain`,
      );
    }
    assert.deepEqual(await completeSsoSignIn({ issuer, claims: claimsFor(sub, email) }, tokenOf(link.path)), {
      ok: false,
      invitationRefusal: 'invitation_invalid',
    });
    // Positive control: without the spent token, the same identity signs in with what it now has.
    assert.ok((await completeSsoSignIn({ issuer, claims: claimsFor(sub, email) })).ok);
  });

  test('another email, or an unverified one, is refused and leaves the invitation open for the right person', async () => {
    const sub = `wrong-${crypto.randomUUID().slice(0, 8)}`;
    const invited = `${sub}-invited@sso.test.example`;
    const link = await inviteToTenant(tenant.id, { email: invited, role: 'member', actor: actor(), requestId: crypto.randomUUID() });
    const token = tokenOf(link.path);
    const refused = { ok: false, invitationRefusal: 'invitation_email_mismatch' };
    assert.deepEqual(await completeSsoSignIn({ issuer, claims: claimsFor(sub, `${sub}@sso.test.example`) }, token), refused);
    assert.deepEqual(await completeSsoSignIn({ issuer, claims: claimsFor(`${sub}-2`, invited, { email_verified: false }) }, token), refused);
    assert.deepEqual(await completeSsoSignIn({ issuer, claims: { sub: `${sub}-3` } }, token), refused);
    const count = await withPlatformSystemAccess('test: read', (tx) => tx.user.count({ where: { email: { in: [invited, `${sub}@sso.test.example`] } } }));
    assert.equal(count, 0, 'no account was created for a refused identity');
    const accepted = await completeSsoSignIn({ issuer, claims: claimsFor(`${sub}-4`, invited) }, token);
    assert.ok(accepted.ok, 'the invited email still accepts it');
  });

  test('an existing password account is linked and gets the invited role; a withdrawn or expired invitation is refused', async () => {
    const sub = `existing-${crypto.randomUUID().slice(0, 8)}`;
    const email = `${sub}@sso.test.example`;
    await withPlatformSystemAccess('test: an account', (tx) => tx.user.create({ data: { email, name: 'Existing', passwordHash: null } }));
    const withdrawn = await inviteToTenant(other.id, { email, role: 'member', actor: actor(), requestId: crypto.randomUUID() });
    const withdrawnId = await withPlatformSystemAccess('test: id', (tx) =>
      tx.accountLink.findFirstOrThrow({ where: { email, tenantId: other.id }, select: { id: true } }),
    );
    await withdrawInvitation(admin, { invitationId: withdrawnId.id, actor: actor(), requestId: crypto.randomUUID() });
    assert.deepEqual(await completeSsoSignIn({ issuer, claims: claimsFor(sub, email) }, tokenOf(withdrawn.path)), {
      ok: false,
      invitationRefusal: 'invitation_invalid',
    });
    const expired = await invitePlatformUser(admin, {
      email,
      platformRole: 'compliance_officer',
      complianceTenantIds: [tenant.id],
      actor: actor(),
      requestId: crypto.randomUUID(),
    });
    await withPlatformSystemAccess(
      'test: expire',
      (tx) =>
        tx.$executeRaw`UPDATE account_links SET created_at = now() - interval '2 days', expires_at = now() - interval '1 second' WHERE email = ${email} AND platform_role IS NOT NULL`,
    );
    assert.deepEqual(await completeSsoSignIn({ issuer, claims: claimsFor(sub, email) }, tokenOf(expired.path)), {
      ok: false,
      invitationRefusal: 'invitation_invalid',
    });
    const current = await inviteToTenant(tenant.id, { email, role: 'member', actor: actor(), requestId: crypto.randomUUID() });
    const accepted = await completeSsoSignIn({ issuer, claims: claimsFor(sub, email) }, tokenOf(current.path));
    assert.ok(accepted.ok);
    const user = await withPlatformSystemAccess('test: read', (tx) =>
      tx.user.findUniqueOrThrow({
        where: { email },
        select: { ssoSubject: true, platformRole: true, memberships: { select: { tenantId: true, role: true } } },
      }),
    );
    assert.equal(user.ssoSubject, `${issuer} ${sub}`);
    assert.equal(user.platformRole, null, 'the expired platform invitation granted nothing');
    assert.deepEqual(user.memberships, [{ tenantId: tenant.id, role: 'member' }], 'the withdrawn invitation granted nothing');
  });
});
