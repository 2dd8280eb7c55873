import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type pg from 'pg';
import type { Principal } from '@/lib/auth/principal';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { connectAsApp } from '@/lib/testing/fixtures';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { changeTenantTiers } from './change-tenant-tiers';
import { createPlatformAdmin, createPolicyTestTenant, createTenantAdmin, EXTERNAL_CLIENT_WITH_DPA, getTenantVersion, inDays } from './control-test-fixtures';
import { findTenantCompliance } from './find-tenant-compliance';
import { getTenantPolicyView } from './get-tenant-policy-view';

// Attacks on risk acceptances from tenant A's identity: reading or writing B's rows, and learning
// about other tenants from A's own policy view. Each has a positive control showing the probe works.
describe('risk acceptances are tenant data', () => {
  let admin: Principal;
  let tenantA: { id: string; slug: string; name: string };
  let tenantB: { id: string; slug: string; name: string };
  let app: pg.Client;

  before(async () => {
    admin = await createPlatformAdmin();
    tenantA = await createPolicyTestTenant(admin, 'risk-a', EXTERNAL_CLIENT_WITH_DPA);
    tenantB = await createPolicyTestTenant(admin, 'risk-b', EXTERNAL_CLIENT_WITH_DPA);
    for (const tenant of [tenantA, tenantB]) {
      await changeTenantTiers(
        admin,
        tenant.id,
        {
          tiers: { prompt: 'dedicated', retrieval: 'dedicated', logs: 'schema_kms' },
          expectedUpdatedAt: await getTenantVersion(tenant.id),
          riskAcceptance: { justification: `Accepted for ${tenant.name} until its log store exists.`, expiresAt: inDays(60) },
        },
        { requestId: randomUUID() },
      );
    }
    app = await connectAsApp();
  });
  after(async () => {
    await app.end();
    await disconnectAllPrismaClients();
  });

  test("inside A's context only A's acceptances are visible (and B's are, in B's: the probe sees rows)", async () => {
    const seenFromA = await withTenant(tenantA.id, (tx) => tx.riskAcceptance.findMany({ where: { tenantId: { in: [tenantA.id, tenantB.id] } } }));
    assert.deepEqual([...new Set(seenFromA.map((row) => row.tenantId))], [tenantA.id]);
    const seenFromB = await withTenant(tenantB.id, (tx) => tx.riskAcceptance.findMany({ where: { tenantId: tenantB.id } }));
    assert.equal(seenFromB.length, 1, "positive control: B's acceptance exists and is readable in B's context");
  });

  test("the app role cannot record or revoke an acceptance, not even in its own tenant's context", async () => {
    await app.query('BEGIN');
    try {
      await app.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantA.id]);
      const { rows } = await app.query('SELECT id FROM risk_acceptances WHERE tenant_id = $1', [tenantA.id]);
      assert.equal(rows.length, 1, "positive control: the raw connection sees A's row");
      await app.query('SAVEPOINT probe');
      await assert.rejects(app.query('UPDATE risk_acceptances SET revoked_at = now() WHERE id = $1', [rows[0].id]), { code: '42501' });
      await app.query('ROLLBACK TO SAVEPOINT probe');
      await assert.rejects(
        app.query(
          `INSERT INTO risk_acceptances (tenant_id, layer, accepted_tier, required_tier, justification, accepted_by, expires_at)
           VALUES ($1, 'logs', 'namespace', 'dedicated', 'a forged acceptance text', $2, now() + interval '1 day')`,
          [tenantA.id, admin.userId],
        ),
        { code: '42501' },
      );
    } finally {
      await app.query('ROLLBACK');
    }
  });

  test('with no tenant context the app role sees no acceptances at all', async () => {
    const { rows } = await app.query('SELECT count(*)::int AS n FROM risk_acceptances WHERE tenant_id = ANY($1::uuid[])', [[tenantA.id, tenantB.id]]);
    assert.equal(rows[0].n, 0);
  });

  test("a tenant admin's policy view says nothing about other tenants; a platform admin's names them", async () => {
    const tenantAdmin = await createTenantAdmin(tenantA);
    const ownView = await getTenantPolicyView({ principal: tenantAdmin, tenant: tenantA, grant: tenantAdmin.grants[0] });
    const adminView = await getTenantPolicyView({ principal: admin, tenant: tenantA, grant: null });

    assert.equal(ownView.floor, null);
    assert.ok(!JSON.stringify(ownView).includes(tenantB.name));
    assert.ok(!JSON.stringify(ownView).includes('St. Elm Health'));
    assert.deepEqual(
      ownView.acceptances.map((row) => row.tenantId),
      [tenantA.id],
    );
    // Positive control: the same view for a platform admin does carry other tenants' names (the floor names its setters).
    assert.ok(JSON.stringify(adminView).includes('St. Elm Health'));
  });

  test('compliance badges answer only for tenants the principal may see', async () => {
    const tenantAdmin = await createTenantAdmin(tenantA);
    const statuses = await findTenantCompliance(tenantAdmin, [tenantA.id, tenantB.id]);
    assert.deepEqual([...statuses.keys()], [tenantA.id]);
    assert.deepEqual([...(await findTenantCompliance(admin, [tenantA.id, tenantB.id])).keys()].sort(), [tenantA.id, tenantB.id].sort());
  });
});
