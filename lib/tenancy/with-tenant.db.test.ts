import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { getPrismaClientFor, disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { connectAsApp, createTestTenant, createTestUser } from '@/lib/testing/fixtures';
import { withTenant } from './with-tenant';

// Attacks on the tenant context: each test holds tenant A's context and tries to reach B.
describe('withTenant and row-level security', () => {
  let tenantA: { id: string };
  let tenantB: { id: string };
  let userA: { id: string };
  let userB: { id: string };

  before(async () => {
    tenantA = await createTestTenant('rls-a');
    tenantB = await createTestTenant('rls-b');
    userA = await createTestUser('rls-user-a', [{ tenantId: tenantA.id, role: 'member' }]);
    userB = await createTestUser('rls-user-b', [{ tenantId: tenantB.id, role: 'member' }]);
  });
  after(() => disconnectAllPrismaClients());

  test("sees only its own tenant's rows", async () => {
    const rows = await withTenant(tenantA.id, (tx) => tx.membership.findMany());
    assert.ok(rows.length >= 1);
    assert.ok(rows.every((row) => row.tenantId === tenantA.id));
  });

  test('with no context, reads return nothing and writes are refused', async () => {
    const app = await connectAsApp();
    try {
      const read = await app.query('SELECT count(*)::int AS n FROM memberships');
      assert.equal(read.rows[0].n, 0);
      const tenants = await app.query('SELECT count(*)::int AS n FROM tenants');
      assert.equal(tenants.rows[0].n, 0);
      await assert.rejects(
        app.query(`INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'admin')`, [tenantB.id, userA.id]),
        /row-level security/,
      );
    } finally {
      await app.end();
    }
  });

  test('a pooled connection that ran a committed tenant transaction carries no context afterwards', async () => {
    // A pool of one connection: the next query must reuse the very connection withTenant used.
    const url = process.env.BULKHEAD_APP_DATABASE_URL!;
    const singleUrl = `${url}${url.includes('?') ? '&' : '?'}application_name=single-pool`;
    const single = getPrismaClientFor(singleUrl, 1);
    await withTenant(tenantA.id, (tx) => tx.membership.count(), { connectionString: singleUrl });
    const [{ setting }] = await single.$queryRaw<{ setting: string | null }[]>`SELECT current_setting('app.tenant_id', true) AS setting`;
    assert.ok(setting === null || setting === '', `context leaked: ${setting}`);
    assert.equal(await single.membership.count(), 0);
  });

  test('cannot insert a row for another tenant', async () => {
    await assert.rejects(
      withTenant(tenantA.id, (tx) => tx.membership.create({ data: { tenantId: tenantB.id, userId: userA.id, role: 'admin' } })),
      /row-level security|violates/,
    );
  });

  test('cannot move its own row to another tenant', async () => {
    await assert.rejects(
      withTenant(tenantA.id, (tx) => tx.membership.updateMany({ where: { tenantId: tenantA.id, userId: userA.id }, data: { tenantId: tenantB.id } })),
      /row-level security|violates/,
    );
  });

  test("update and delete of another tenant's row by its key affect nothing", async () => {
    const updated = await withTenant(tenantA.id, (tx) =>
      tx.membership.updateMany({ where: { tenantId: tenantB.id, userId: userB.id }, data: { role: 'admin' } }),
    );
    const deleted = await withTenant(tenantA.id, (tx) => tx.membership.deleteMany({ where: { tenantId: tenantB.id, userId: userB.id } }));
    assert.equal(updated.count, 0);
    assert.equal(deleted.count, 0);
    const stillThere = await withTenant(tenantB.id, (tx) => tx.membership.findMany({ where: { userId: userB.id } }));
    assert.deepEqual(
      stillThere.map((row) => row.role),
      ['member'],
    );
  });

  test('a rollback inside withTenant persists nothing', async () => {
    const extra = await createTestUser('rls-rollback');
    await assert.rejects(
      withTenant(tenantA.id, async (tx) => {
        await tx.membership.create({ data: { tenantId: tenantA.id, userId: extra.id, role: 'member' } });
        throw new Error('abort after write');
      }),
      /abort after write/,
    );
    const rows = await withTenant(tenantA.id, (tx) => tx.membership.findMany({ where: { userId: extra.id } }));
    assert.deepEqual(rows, []);
  });

  test('setting another tenant inside the transaction is refused by a malformed id, not widened', async () => {
    await assert.rejects(
      withTenant('not-a-uuid', async () => 1),
      /tenant id/,
    );
    await assert.rejects(
      withTenant('' as string, async () => 1),
      /tenant id/,
    );
  });
});
