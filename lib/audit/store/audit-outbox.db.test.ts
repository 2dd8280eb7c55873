import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { collectChain, connectAsOwnerOf, getErrorCode, usePlacedLogTenant } from '@/lib/placement/logs-layer-test-helpers';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { connectAsApp } from '@/lib/testing/fixtures';
import { appendAuditEvents } from './append-events';
import { requestAuditOutboxRelay } from './record-event';
import { verifyTenantChain } from './verify-tenant-chain';

// An admin change and its audit event commit together in the control plane; when the tenant's log
// lives in its own schema the event is held in the outbox and relayed into the chain exactly once.
const change = (requestId: string) =>
  ({ actor: { type: 'user', id: 'admin-1' }, action: 'tenant.update', target: 'profile', requestId, outcome: 'success', payload: { requestId } }) as const;

/** Held events of the tenant, as the relay (the platform role) sees them. */
async function findHeld(tenantId: string) {
  return withPlatformSystemAccess(
    'test: audit outbox',
    (tx) => tx.$queryRaw<{ id: string; fields_json: string }[]>`SELECT id::text AS id, fields_json FROM audit_outbox WHERE tenant_id = ${tenantId}::uuid`,
  );
}

describe('admin-change events of a tenant whose log is placed', () => {
  const placed = usePlacedLogTenant('logs-outbox', 'schema_kms');

  test('a committed change is relayed into the placed chain once; a rolled-back one never appears', async () => {
    await withTenant(placed.tenantId, (tx) => appendAuditEvents(tx, placed.tenantId, [change('committed')]));
    await assert.rejects(
      withTenant(placed.tenantId, async (tx) => {
        await appendAuditEvents(tx, placed.tenantId, [change('rolled-back')]);
        throw new Error('the change failed');
      }),
      /the change failed/,
    );
    await requestAuditOutboxRelay(placed.tenantId);
    await requestAuditOutboxRelay(placed.tenantId);
    const chain = await collectChain(placed.tenantId);
    assert.equal(chain.filter((event) => event.requestId === 'committed').length, 1);
    assert.equal(chain.filter((event) => event.requestId === 'rolled-back').length, 0);
    assert.deepEqual(await findHeld(placed.tenantId), [], 'the outbox is emptied');
    assert.equal((await verifyTenantChain(placed.tenantId, { checkedBy: 'test' })).ok, true);
  });

  test('a relay that crashed after appending (its ids recorded, the outbox not yet emptied) does not append twice', async () => {
    // The state a crash leaves: the id recorded as taken in the placed chain, the row still held.
    const heldId = randomUUID();
    const owner = await connectAsOwnerOf(placed.placement);
    try {
      await owner.query('BEGIN');
      await owner.query("SELECT set_config('app.tenant_id', $1, true)", [placed.tenantId]);
      await owner.query(`INSERT INTO "${placed.placement.schemaName}".audit_outbox_applied (outbox_id, tenant_id, seq) VALUES ($1, $2, 0)`, [
        heldId,
        placed.tenantId,
      ]);
      await owner.query('COMMIT');
    } finally {
      await owner.end();
    }
    await withTenant(
      placed.tenantId,
      (tx) =>
        tx.$executeRaw`INSERT INTO audit_outbox (id, tenant_id, fields_json) VALUES (${heldId}::uuid, ${placed.tenantId}::uuid, ${JSON.stringify(change('crashed-relay'))})`,
    );
    await requestAuditOutboxRelay(placed.tenantId);
    assert.equal((await collectChain(placed.tenantId)).filter((event) => event.requestId === 'crashed-relay').length, 0, 'skipped: recorded as taken');
    assert.deepEqual(await findHeld(placed.tenantId), [], 'and removed from the outbox');
  });

  test('the application role may add held events but not read or remove them (positive control: insert works)', async () => {
    const app = await connectAsApp();
    try {
      await app.query('BEGIN');
      await app.query("SELECT set_config('app.tenant_id', $1, true)", [placed.tenantId]);
      const inserted = await app.query("INSERT INTO audit_outbox (tenant_id, fields_json) VALUES ($1, '{}')", [placed.tenantId]);
      assert.equal(inserted.rowCount, 1);
      await app.query('ROLLBACK');
      for (const sql of ['SELECT * FROM audit_outbox', 'DELETE FROM audit_outbox', 'UPDATE audit_outbox SET fields_json = $1']) {
        const code = await getErrorCode(async () => {
          await app.query('BEGIN');
          try {
            await app.query("SELECT set_config('app.tenant_id', $1, true)", [placed.tenantId]);
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
