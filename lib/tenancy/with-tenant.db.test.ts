import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { getPrismaClientFor, disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { connectAsApp, createTestTenant, createTestUser } from '@/lib/testing/fixtures';
import { withTenant } from './with-tenant';

// Attacks on the tenant context: each test holds tenant A's context and tries to reach B. Reads go
// through memberships (the app role may only read them); writes through model endpoints, a
// tenant's table the app role may insert, update and delete.
const endpoint = (tenantId: string, name: string) => ({ tenantId, name, baseUrl: 'https://models.example.com/v1', kind: 'openai' as const });

describe('withTenant and row-level security', () => {
  let tenantA: { id: string };
  let tenantB: { id: string };
  let endpointB: { id: string };

  before(async () => {
    tenantA = await createTestTenant('rls-a');
    tenantB = await createTestTenant('rls-b');
    await createTestUser('rls-user-a', [{ tenantId: tenantA.id, role: 'member' }]);
    await createTestUser('rls-user-b', [{ tenantId: tenantB.id, role: 'member' }]);
    endpointB = await withTenant(tenantB.id, (tx) => tx.modelEndpoint.create({ data: endpoint(tenantB.id, 'b-endpoint') }));
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
        app.query(`INSERT INTO model_endpoints (tenant_id, name, base_url, kind) VALUES ($1, 'planted', 'https://x.example/v1', 'openai')`, [tenantB.id]),
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
      withTenant(tenantA.id, (tx) => tx.modelEndpoint.create({ data: endpoint(tenantB.id, 'planted') })),
      /row-level security|violates/,
    );
  });

  test('cannot move its own row to another tenant', async () => {
    const own = await withTenant(tenantA.id, (tx) => tx.modelEndpoint.create({ data: endpoint(tenantA.id, 'a-moving') }));
    await assert.rejects(
      withTenant(tenantA.id, (tx) => tx.modelEndpoint.updateMany({ where: { id: own.id }, data: { tenantId: tenantB.id } })),
      /row-level security|violates/,
    );
    const still = await withTenant(tenantA.id, (tx) => tx.modelEndpoint.findUnique({ where: { id: own.id } }));
    assert.equal(still?.tenantId, tenantA.id, "positive control: the row is still there, still A's");
  });

  test("update and delete of another tenant's row by its key affect nothing", async () => {
    const updated = await withTenant(tenantA.id, (tx) => tx.modelEndpoint.updateMany({ where: { id: endpointB.id }, data: { enabled: false } }));
    const deleted = await withTenant(tenantA.id, (tx) => tx.modelEndpoint.deleteMany({ where: { id: endpointB.id } }));
    assert.equal(updated.count, 0);
    assert.equal(deleted.count, 0);
    const stillThere = await withTenant(tenantB.id, (tx) => tx.modelEndpoint.findMany({ where: { id: endpointB.id } }));
    assert.deepEqual(
      stillThere.map((row) => row.enabled),
      [true],
    );
  });

  test('a rollback inside withTenant persists nothing', async () => {
    await assert.rejects(
      withTenant(tenantA.id, async (tx) => {
        await tx.modelEndpoint.create({ data: endpoint(tenantA.id, 'rolled-back') });
        throw new Error('abort after write');
      }),
      /abort after write/,
    );
    const rows = await withTenant(tenantA.id, (tx) => tx.modelEndpoint.findMany({ where: { name: 'rolled-back' } }));
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
