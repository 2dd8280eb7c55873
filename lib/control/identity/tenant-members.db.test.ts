import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { getPrincipalForSessionToken } from '@/lib/auth/session-store';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { connectAsApp, createTestTenant, createTestUser } from '@/lib/testing/fixtures';
import { closeTenantSqlPools } from '@/lib/tenancy/with-tenant-sql';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { createAccountLinkToken } from '@/lib/auth/account-links/account-link-token';
import { findChainEvents, openSessionFor, PLATFORM_CHAIN_ID } from './identity-test-helpers';
import { inviteToTenant } from './invite-to-tenant';
import { changeMemberRole, removeMember } from './manage-tenant-members';

// A tenant admin's changes run as the app role in their tenant's RLS context. These tests attack
// from tenant A's context at tenant B's rows, with a positive control on A's own rows each time.
describe('tenant members as the app role', () => {
  let tenantA: { id: string };
  let tenantB: { id: string };
  const actor = { type: 'user' as const, id: crypto.randomUUID(), label: 'tenant-admin@test.example' };

  before(async () => {
    [tenantA, tenantB] = await Promise.all([createTestTenant('members-a'), createTestTenant('members-b')]);
  });
  after(async () => {
    await closeTenantSqlPools();
    await disconnectAllPrismaClients();
  });

  test("an invitation is written to the tenant's chain and the platform chain with one request id", async () => {
    const requestId = crypto.randomUUID();
    const email = `invitee-${crypto.randomUUID().slice(0, 8)}@test.example`;
    const link = await inviteToTenant(tenantA.id, { email, role: 'member', actor, requestId });
    assert.match(link.path, /^\/links\/[A-Za-z0-9_-]{43}$/);
    assert.ok(new Date(link.expiresAt) > new Date());
    const [inTenant, inPlatform] = await Promise.all([findChainEvents(tenantA.id, 'member.invite'), findChainEvents(PLATFORM_CHAIN_ID, 'member.invite')]);
    assert.equal(inTenant.filter((event) => event.requestId === requestId).length, 1);
    assert.equal(inPlatform.filter((event) => event.requestId === requestId).length, 1);
  });

  test("from tenant A's context an invitation into tenant B, or one carrying a platform role, is refused by the database", async () => {
    const app = await connectAsApp();
    const insert = (tenantId: string, platformRole: string | null) =>
      app.query(
        `INSERT INTO account_links (token_hash, kind, email, tenant_id, membership_role, platform_role, created_by, expires_at)
         VALUES ($1, 'invitation', 'x@test.example', $2, 'member', $3, $4, now() + interval '1 day')`,
        [createAccountLinkToken().tokenHash, tenantId, platformRole, actor.id],
      );
    try {
      await app.query('BEGIN');
      await app.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantA.id]);
      await insert(tenantA.id, null); // positive control: its own tenant, tenant role
      await app.query('SAVEPOINT attack');
      await assert.rejects(insert(tenantB.id, null), (error: { code?: string }) => error.code === '42501');
      await app.query('ROLLBACK TO SAVEPOINT attack');
      await assert.rejects(insert(tenantA.id, 'platform_admin'), (error: { code?: string }) => error.code === '42501');
    } finally {
      await app.query('ROLLBACK');
      await app.end();
    }
  });

  test("from tenant A's context tenant B's memberships cannot be added, changed or removed; A's can", async () => {
    const inB = await createTestUser('member-of-b', [{ tenantId: tenantB.id, role: 'member' }]);
    const inA = await createTestUser('member-of-a', [{ tenantId: tenantA.id, role: 'member' }]);
    const app = await connectAsApp();
    try {
      await app.query('BEGIN');
      await app.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantA.id]);
      const changedB = await app.query(`UPDATE memberships SET role = 'admin' WHERE user_id = $1`, [inB.id]);
      const removedB = await app.query(`DELETE FROM memberships WHERE user_id = $1`, [inB.id]);
      assert.equal(changedB.rowCount, 0);
      assert.equal(removedB.rowCount, 0);
      const changedA = await app.query(`UPDATE memberships SET role = 'admin' WHERE user_id = $1`, [inA.id]);
      assert.equal(changedA.rowCount, 1, 'positive control: its own member');
      await app.query('SAVEPOINT attack');
      await assert.rejects(
        app.query(`INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'admin')`, [tenantB.id, inA.id]),
        (error: { code?: string }) => error.code === '42501',
      );
      await app.query('ROLLBACK TO SAVEPOINT attack');
      await assert.rejects(
        app.query(`UPDATE memberships SET tenant_id = $1 WHERE user_id = $2`, [tenantB.id, inA.id]),
        (error: { code?: string }) => error.code === '42501',
      );
      await app.query('ROLLBACK TO SAVEPOINT attack');
      await assert.rejects(
        app.query(`UPDATE users SET platform_role = 'platform_admin' WHERE id = $1`, [inA.id]),
        (error: { code?: string }) => error.code === '42501',
      );
    } finally {
      await app.query('ROLLBACK');
      await app.end();
    }
  });

  test("tenant A's functions cannot reach a member of tenant B: 404, and B's row is unchanged", async () => {
    const inB = await createTestUser('target-in-b', [{ tenantId: tenantB.id, role: 'member' }]);
    await assert.rejects(changeMemberRole(tenantA.id, { userId: inB.id, role: 'admin', actor, requestId: crypto.randomUUID() }), { status: 404 });
    await assert.rejects(removeMember(tenantA.id, { userId: inB.id, actor, requestId: crypto.randomUUID() }), { status: 404 });
    const row = await withTenant(tenantB.id, (tx) => tx.membership.findUnique({ where: { tenantId_userId: { tenantId: tenantB.id, userId: inB.id } } }));
    assert.equal(row?.role, 'member');
  });

  test('a role change and a removal take effect on the next request, and are in both chains', async () => {
    const user = await createTestUser('changing', [
      { tenantId: tenantA.id, role: 'member' },
      { tenantId: tenantB.id, role: 'member' },
    ]);
    const session = await openSessionFor(user.id);
    const grantIn = async (tenantId: string) =>
      (await getPrincipalForSessionToken(session.token))?.grants.find((grant) => grant.tenantId === tenantId)?.role ?? null;
    const requestId = crypto.randomUUID();
    await changeMemberRole(tenantA.id, { userId: user.id, role: 'admin', actor, requestId });
    assert.equal(await grantIn(tenantA.id), 'admin');
    await removeMember(tenantA.id, { userId: user.id, actor, requestId: crypto.randomUUID() });
    assert.equal(await grantIn(tenantA.id), null);
    assert.equal(await grantIn(tenantB.id), 'member', "removal from A leaves B's access alone");
    const platformEvents = await findChainEvents(PLATFORM_CHAIN_ID, 'member.update');
    assert.ok(platformEvents.some((event) => event.requestId === requestId && event.target === `user:${user.id}`));
    const tenantEvents = await findChainEvents(tenantA.id, 'member.remove');
    assert.ok(tenantEvents.some((event) => event.target === `user:${user.id}`));
    assert.equal((await findChainEvents(tenantB.id, 'member.remove')).length, 0, "B's chain holds nothing of A's change");
  });
});
