import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { disconnectAllPrismaClients, getPrismaClientFor } from '@/lib/db/prisma-clients';
import { createTestTenant, createTestUser } from '@/lib/testing/fixtures';
import { withTenant } from './with-tenant';

type ScopedRead = (tenantId: string) => Promise<{ tenantId: string }[]>;

/** Runs `rounds` × `parallel` scoped reads alternating two tenants; counts rows of the wrong tenant. */
async function countForeignRows(read: ScopedRead, tenants: string[], parallel: number, rounds: number) {
  let foreign = 0;
  let total = 0;
  for (let round = 0; round < rounds; round++) {
    const results = await Promise.all(
      Array.from({ length: parallel }, async (_, index) => {
        const tenantId = tenants[index % tenants.length];
        const rows = await read(tenantId);
        return { tenantId, rows };
      }),
    );
    for (const { tenantId, rows } of results) {
      total += rows.length;
      foreign += rows.filter((row) => row.tenantId !== tenantId).length;
    }
  }
  return { foreign, total };
}

describe('concurrent tenant transactions over one pool', () => {
  let tenants: string[];
  const poolUrl = () => `${process.env.BULKHEAD_APP_DATABASE_URL}?application_name=concurrency-test`;

  before(async () => {
    const a = await createTestTenant('conc-a');
    const b = await createTestTenant('conc-b');
    tenants = [a.id, b.id];
    for (const tenantId of tenants) {
      for (let i = 0; i < 3; i++) await createTestUser(`conc-${i}`, [{ tenantId, role: 'member' }]);
    }
  });
  after(() => disconnectAllPrismaClients());

  test('24 concurrent withTenant calls alternating two tenants see 0 foreign rows', async () => {
    const read: ScopedRead = (tenantId) =>
      withTenant(tenantId, (tx) => tx.membership.findMany({ select: { tenantId: true } }), { connectionString: poolUrl() });
    const { foreign, total } = await countForeignRows(read, tenants, 24, 5);
    assert.equal(foreign, 0);
    assert.ok(total >= 24 * 5 * 3, `the harness must actually read rows (read ${total})`);
  });

  test('positive control: a helper using session-level SET leaks under the same harness', async () => {
    // The classic bug: a session-level setting outside a transaction. The setting stays on
    // whichever pooled connection ran it, and the next query may run on another connection.
    const prisma = getPrismaClientFor(`${process.env.BULKHEAD_APP_DATABASE_URL}?application_name=concurrency-wrong-helper`, 4);
    const wrongRead: ScopedRead = async (tenantId) => {
      await prisma.$executeRaw`SELECT set_config('app.tenant_id', ${tenantId}, false)`;
      return prisma.membership.findMany({ select: { tenantId: true } });
    };
    let foreign = 0;
    for (let attempt = 0; attempt < 10 && foreign === 0; attempt++) {
      foreign += (await countForeignRows(wrongRead, tenants, 24, 5)).foreign;
    }
    assert.ok(foreign > 0, 'the harness failed to observe the leak it exists to catch');
  });
});
