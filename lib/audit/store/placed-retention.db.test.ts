import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { setAuditChainFrozen } from '@/lib/audit/store/audit-chain-freeze';
import type { Placement } from '@/lib/placement/get-placement';
import {
  collectChain,
  connectAsOwnerOf,
  connectAsPlacementRole,
  getErrorCode,
  inTenantContext,
  recordTestEvents,
  usePlacedLogTenant,
} from '@/lib/placement/logs-layer-test-helpers';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { applyAuditRetention, RetentionSeqNotFoundError, RetentionUnavailableError } from './apply-retention';
import { getAuditChainStore } from './chain-store';
import { createCheckpoint } from './create-checkpoint';
import { makePrincipal } from './db-test-helpers';
import { verifyTenantChain } from './verify-tenant-chain';

// Retention of a log in the tenant's own schema or database: the same cut as on the shared tables,
// recorded in the chain it cuts, verifiable afterwards; still the only way to delete from that chain.
const DENIED = '42501';
const admin = makePrincipal({ platformRole: 'platform_admin' });

for (const tier of ['schema_kms', 'dedicated'] as const) {
  describe(`retention of a ${tier} log`, () => {
    const placed = usePlacedLogTenant(`retention-${tier}`, tier, 6);
    let placement: Placement;
    let tenantId: string;

    before(async () => {
      ({ placement, tenantId } = placed);
      await recordTestEvents(tenantId, 6, `retention-${tier}-after`);
      // A signed checkpoint in the control plane past the cut: what remains must still match it.
      await createCheckpoint(tenantId);
      await recordTestEvents(tenantId, 4, `retention-${tier}-later`);
    });

    test("the placement's own role cannot delete events or write a retention mark, retention setting or not", async () => {
      assert.equal(placement.tier, tier);
      const client = await connectAsPlacementRole(placement);
      try {
        const visible = await inTenantContext(client, tenantId, () => client.query('SELECT count(*)::int AS n FROM audit_events'));
        assert.ok(visible.rows[0].n >= 16, 'positive control: the role sees the chain');
        for (const setting of [false, true]) {
          const attempt = (sql: string, values: unknown[]) =>
            getErrorCode(() =>
              inTenantContext(client, tenantId, async () => {
                if (setting) await client.query("SELECT set_config('bulkhead.audit_retention', 'on', true)");
                await client.query(sql, values);
              }),
            );
          assert.equal(await attempt('DELETE FROM audit_events WHERE tenant_id = $1 AND seq <= 2', [tenantId]), DENIED, `delete, setting ${setting}`);
          const mark = 'INSERT INTO audit_retention_marks (tenant_id, through_seq, hash_at_seq, applied_by) VALUES ($1, 2, $2, $3)';
          assert.equal(await attempt(mark, [tenantId, '0'.repeat(64), 'me']), DENIED, `mark, setting ${setting}`);
        }
      } finally {
        await client.end();
      }
    });

    test('is refused with a message while the chain is frozen for a move, and removes nothing', async () => {
      const count = (await collectChain(tenantId)).length;
      await setAuditChainFrozen(placement, true);
      try {
        await assert.rejects(applyAuditRetention({ principal: admin, tenantId, throughSeq: 3, requestId: 'frozen' }), (error: Error) => {
          assert.ok(error instanceof RetentionUnavailableError);
          assert.match(error.message, /being moved/);
          return true;
        });
      } finally {
        await setAuditChainFrozen(placement, false);
      }
      const moving = (state: 'migrating' | 'active') =>
        withPlatformSystemAccess(
          'test: a log being moved',
          (tx) => tx.$executeRaw`UPDATE placements SET state = ${state}::"PlacementState" WHERE tenant_id = ${tenantId}::uuid AND layer = 'logs'`,
        );
      await moving('migrating');
      try {
        await assert.rejects(applyAuditRetention({ principal: admin, tenantId, throughSeq: 3, requestId: 'migrating' }), RetentionUnavailableError);
      } finally {
        await moving('active');
      }
      assert.equal((await collectChain(tenantId)).length, count);
    });

    test('cuts the chain, records itself in it, and what remains still verifies against the checkpoints', async () => {
      const head = (await getAuditChainStore(tenantId).getHead())!;
      await assert.rejects(applyAuditRetention({ principal: admin, tenantId, throughSeq: head.seq + 5, requestId: 'absent' }), RetentionSeqNotFoundError);

      const removed = await applyAuditRetention({ principal: admin, tenantId, throughSeq: 8, requestId: `retention-${tier}` });
      assert.equal(removed, 8);
      const chain = await collectChain(tenantId);
      assert.equal(chain[0].seq, 9);
      const record = chain.at(-1)!;
      assert.deepEqual(
        [record.seq, record.action, record.actor.id, record.payload],
        [head.seq + 1, 'audit.retention', admin.userId, { throughSeq: 8, removedEvents: 8 }],
      );
      const mark = await getAuditChainStore(tenantId).getRetentionMark();
      assert.deepEqual([mark?.throughSeq, mark?.appliedBy], [8, admin.userId]);

      const status = await verifyTenantChain(tenantId, { checkedBy: 'test' });
      assert.equal(status.ok, true, status.problem?.detail);
      assert.deepEqual([status.verifiedThroughSeq, status.eventCount], [record.seq, chain.length]);
    });

    test('a deletion that is not retention (the owner, past the mark) is still caught, at the first missing seq', async () => {
      const owner = await connectAsOwnerOf(placement);
      try {
        await owner.query('BEGIN');
        await owner.query("SELECT set_config('app.tenant_id', $1, true), set_config('bulkhead.audit_retention', 'on', true)", [tenantId]);
        const deleted = await owner.query(`DELETE FROM "${placement.schemaName}".audit_events WHERE tenant_id = $1 AND seq = 9`, [tenantId]);
        assert.equal(deleted.rowCount, 1, 'positive control: the owner, as maintenance, can delete');
        await owner.query('COMMIT');
      } finally {
        await owner.end();
      }
      const status = await verifyTenantChain(tenantId, { checkedBy: 'test' });
      assert.equal(status.ok, false);
      assert.deepEqual([status.problem?.kind, status.problem?.seq], ['gap', 9]);
    });
  });
}
