import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { startTestKms, type TestKms } from '@/lib/kms/test-kms';
import { destroyLocation } from '@/lib/placement/destroy-location';
import { getPlacement, type Placement } from '@/lib/placement/get-placement';
import { collectChain, connectAsOwnerOf, getErrorCode, recordTestEvents } from '@/lib/placement/logs-layer-test-helpers';
import { migrateLayer } from '@/lib/placement/migrate-layer';
import { closePlacementPools } from '@/lib/placement/pool-registry-instance';
import { upgradeSharedSchema } from '@/lib/placement/upgrade-placements';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { connectAsApp, createTestTenant } from '@/lib/testing/fixtures';
import { appendAuditEvents } from './append-events';
import { requestAuditOutboxRelay } from './record-event';
import { verifyTenantChain } from './verify-tenant-chain';

// An admin change and its audit event commit together in the control plane; when the tenant's log
// lives in its own schema the event is held in the outbox and relayed into the chain exactly once.
const change = (requestId: string) => ({ actor: { type: 'user', id: 'admin-1' }, action: 'tenant.update', target: 'profile', requestId, outcome: 'success', payload: { requestId } }) as const;

/** Held events of the tenant, as the relay (the platform role) sees them. */
async function findHeld(tenantId: string) {
  return withPlatformSystemAccess('test: audit outbox', (tx) =>
    tx.$queryRaw<{ id: string; fields_json: string }[]>`SELECT id::text AS id, fields_json FROM audit_outbox WHERE tenant_id = ${tenantId}::uuid`,
  );
}

describe('admin-change events of a tenant whose log is placed', () => {
  let kms: TestKms;
  let tenantId: string;
  let placement: Placement;

  before(async () => {
    kms = await startTestKms();
    await upgradeSharedSchema();
    tenantId = (await createTestTenant('logs-outbox')).id;
    await recordTestEvents(tenantId, 3, 'outbox');
    await migrateLayer(tenantId, 'logs', 'schema_kms');
    placement = await getPlacement(tenantId, 'logs');
  });
  after(async () => {
    await destroyLocation(placement);
    await closePlacementPools();
    await disconnectAllPrismaClients();
    await kms.stop();
  });

  test('a committed change is relayed into the placed chain once; a rolled-back one never appears', async () => {
    await withTenant(tenantId, (tx) => appendAuditEvents(tx, tenantId, [change('committed')]));
    await assert.rejects(
      withTenant(tenantId, async (tx) => {
        await appendAuditEvents(tx, tenantId, [change('rolled-back')]);
        throw new Error('the change failed');
      }),
      /the change failed/,
    );
    await requestAuditOutboxRelay(tenantId);
    await requestAuditOutboxRelay(tenantId);
    const chain = await collectChain(tenantId);
    assert.equal(chain.filter((event) => event.requestId === 'committed').length, 1);
    assert.equal(chain.filter((event) => event.requestId === 'rolled-back').length, 0);
    assert.deepEqual(await findHeld(tenantId), [], 'the outbox is emptied');
    assert.equal((await verifyTenantChain(tenantId, { checkedBy: 'test' })).ok, true);
  });

  test('a relay that crashed after appending (its ids recorded, the outbox not yet emptied) does not append twice', async () => {
    // The state a crash leaves: the id recorded as taken in the placed chain, the row still held.
    const heldId = randomUUID();
    const placed = await connectAsOwnerOf(placement);
    try {
      await placed.query('BEGIN');
      await placed.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
      await placed.query(`INSERT INTO "${placement.schemaName}".audit_outbox_applied (outbox_id, tenant_id, seq) VALUES ($1, $2, 0)`, [heldId, tenantId]);
      await placed.query('COMMIT');
    } finally {
      await placed.end();
    }
    await withTenant(tenantId, (tx) => tx.$executeRaw`INSERT INTO audit_outbox (id, tenant_id, fields_json) VALUES (${heldId}::uuid, ${tenantId}::uuid, ${JSON.stringify(change('crashed-relay'))})`);
    await requestAuditOutboxRelay(tenantId);
    assert.equal((await collectChain(tenantId)).filter((event) => event.requestId === 'crashed-relay').length, 0, 'skipped: recorded as taken');
    assert.deepEqual(await findHeld(tenantId), [], 'and removed from the outbox');
  });

  test('the application role may add held events but not read or remove them (positive control: insert works)', async () => {
    const app = await connectAsApp();
    try {
      await app.query('BEGIN');
      await app.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
      const inserted = await app.query("INSERT INTO audit_outbox (tenant_id, fields_json) VALUES ($1, '{}')", [tenantId]);
      assert.equal(inserted.rowCount, 1);
      await app.query('ROLLBACK');
      for (const sql of ['SELECT * FROM audit_outbox', 'DELETE FROM audit_outbox', 'UPDATE audit_outbox SET fields_json = $1']) {
        const code = await getErrorCode(async () => {
          await app.query('BEGIN');
          try {
            await app.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
            await app.query(sql, sql.includes('$1') ? ['{}'] : []);
          } finally {
            await app.query('ROLLBACK');
          }
        });
        assert.equal(code, '42501', sql);
      }
    } finally {
      await app.end();
    }
  });
});
