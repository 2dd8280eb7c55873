import assert from 'node:assert/strict';
import { locationExists } from './testing/placement-state';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { AuditChainFrozenError } from '@/lib/audit/store/chain-frozen-error';
import { appendAuditEvents } from '@/lib/audit/store/append-events';
import { getAuditChainStore } from '@/lib/audit/store/chain-store';
import { createCheckpoint } from '@/lib/audit/store/create-checkpoint';
import { recordAuditEvent } from '@/lib/audit/store/record-event';
import { verifyTenantChain } from '@/lib/audit/store/verify-tenant-chain';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { connectAsOwner, createTestTenant } from '@/lib/testing/fixtures';
import { getDefaultPlacement, getPlacement } from './get-placement';
import type { Tier } from './layers';
import { collectChain, recordTestEvents } from './logs-layer-test-helpers';
import { migrateLayer, rollbackLayerMigration } from './migrate-layer';
import { getRunningOperation } from './operation-ledger';
import { PlacementOperationError } from './errors';
import { provisionPlacement, savePlacement } from './provision-placement';
import { usePlacementTestServices } from './testing/use-placement-test-services';

class InjectedCrash extends Error {}
const crashAt = (step: string) => ({
  beforeStep: (current: string) => {
    if (current === step) throw new InjectedCrash(step);
  },
});

/** The tenant's rows in the shared audit tables, and whether its shared head is frozen, as the owner sees them. */
async function getSharedCopy(tenantId: string) {
  const owner = await connectAsOwner();
  try {
    const { rows } = await owner.query(
      `SELECT (SELECT count(*)::int FROM audit_events WHERE tenant_id = $1) AS events,
              (SELECT frozen FROM audit_heads WHERE tenant_id = $1) AS frozen`,
      [tenantId],
    );
    return rows[0] as { events: number; frozen: boolean | null };
  } finally {
    await owner.end();
  }
}

const hashes = (events: { seq: number; hash: string }[]) => events.map((event) => `${event.seq}:${event.hash}`);

describe('tier migration of the logs layer (the audit chain)', () => {
  usePlacementTestServices();

  test('namespace → schema_kms → dedicated → namespace keeps every event, re-verifies end to end, destroys each old copy', async () => {
    const tenantId = (await createTestTenant('logs-move')).id;
    await recordTestEvents(tenantId, 30, 'before');
    await createCheckpoint(tenantId);
    await recordTestEvents(tenantId, 10, 'after-checkpoint');
    let expected = await collectChain(tenantId);
    assert.equal(expected.length, 40);

    for (const tier of ['schema_kms', 'dedicated', 'namespace'] as Tier[]) {
      const before = await getPlacement(tenantId, 'logs');
      const result = await migrateLayer(tenantId, 'logs', tier);
      assert.equal(result.placement.tier, tier);
      assert.equal(result.placement.state, 'active');

      const chain = await collectChain(tenantId);
      assert.deepEqual(hashes(chain.slice(0, expected.length)), hashes(expected), `every event kept, in order, after moving to ${tier}`);
      const [outcome] = chain.slice(expected.length);
      assert.equal(outcome?.target, 'logs:succeeded', 'the migration is recorded in the moved chain');

      // Appends continue at the new location, right after the moved head.
      const [next] = await recordTestEvents(tenantId, 1, `at-${tier}`);
      assert.equal(next.seq, chain.length + 1);
      assert.equal(next.prevHash, chain.at(-1)!.hash);

      const status = await verifyTenantChain(tenantId, { checkedBy: 'test' });
      assert.equal(status.ok, true, status.problem?.detail);
      assert.equal(status.eventCount, chain.length + 1);
      assert.ok((await getAuditChainStore(tenantId).findCheckpoints()).length >= 1, 'the checkpoints (kept in the control plane) still sign the moved chain');

      if (before.roleName) assert.equal(await locationExists(before), false, `old ${before.tier} copy destroyed`);
      else assert.deepEqual(await getSharedCopy(tenantId), { events: 0, frozen: true }, 'the shared copy is released and its head left frozen');
      expected = await collectChain(tenantId);
    }
    assert.deepEqual(await getSharedCopy(tenantId), { events: expected.length, frozen: false }, 'back in the shared tables, live');
  });

  test('a crash after the freeze refuses appends (fail closed), keeps reads, and resumes with nothing lost', async () => {
    const tenantId = (await createTestTenant('logs-crash')).id;
    await recordTestEvents(tenantId, 8, 'crash');
    const original = await collectChain(tenantId);

    await assert.rejects(migrateLayer(tenantId, 'logs', 'schema_kms', crashAt('copy')), InjectedCrash);
    assert.equal((await getPlacement(tenantId, 'logs')).state, 'migrating');
    await assert.rejects(recordTestEvents(tenantId, 1, 'late'), AuditChainFrozenError, 'the gateway path is refused');
    const adminChange = {
      actor: { type: 'system', id: 't' },
      action: 'tenant.update',
      target: null,
      requestId: 'held-change',
      outcome: 'success',
      payload: { during: 'freeze' },
    } as const;
    assert.deepEqual(await withTenant(tenantId, (tx) => appendAuditEvents(tx, tenantId, [adminChange])), [], 'an admin change commits, its event held');
    assert.equal((await getAuditChainStore(tenantId).findEvents({ limit: 50 })).events.length, 8, 'reads continue from the old copy');

    // Killed again after the switch: the new copy serves and takes appends; the resume drops the old one.
    await assert.rejects(migrateLayer(tenantId, 'logs', 'schema_kms', crashAt('destroy_old')), InjectedCrash);
    const moved = await getPlacement(tenantId, 'logs');
    assert.equal(moved.tier, 'schema_kms');
    const [appended] = await recordTestEvents(tenantId, 1, 'between');
    await migrateLayer(tenantId, 'logs', 'schema_kms');
    assert.equal(await getRunningOperation(tenantId, 'logs'), null);
    const chain = await collectChain(tenantId);
    assert.deepEqual(hashes(chain.slice(0, 8)), hashes(original));
    assert.ok(
      chain.some((event) => event.hash === appended.hash),
      'the append after the switch is in the chain',
    );
    const held = chain.filter((event) => event.requestId === 'held-change');
    assert.equal(held.length, 1, 'the held admin-change event was relayed exactly once');
    assert.deepEqual(held[0].payload, { during: 'freeze' });
    assert.equal((await verifyTenantChain(tenantId, { checkedBy: 'test' })).ok, true);
  });

  test('a log migration rolled back before the switch leaves the old chain live and whole', async () => {
    const tenantId = (await createTestTenant('logs-rollback')).id;
    await recordTestEvents(tenantId, 5, 'rb');
    await assert.rejects(provisionPlacement(tenantId, 'logs', 'dedicated'), PlacementOperationError, 'a log changes tier only by migration');
    await assert.rejects(migrateLayer(tenantId, 'logs', 'dedicated', crashAt('switch')), InjectedCrash);
    const operation = await getRunningOperation(tenantId, 'logs');
    assert.ok(operation?.completedSteps.includes('verify'));
    await rollbackLayerMigration(tenantId, 'logs');
    const placement = await getPlacement(tenantId, 'logs');
    assert.deepEqual([placement.tier, placement.state], ['namespace', 'active']);
    assert.equal(await locationExists({ ...placement, databaseName: operation!.databaseName }), false, 'the target database is gone');
    const event = await recordAuditEvent({
      tenantId,
      actor: { type: 'system', id: 't' },
      action: 'inference.request',
      target: null,
      requestId: 'after',
      outcome: 'success',
      payload: {},
    });
    assert.ok(event.seq > 5);
    assert.equal((await verifyTenantChain(tenantId, { checkedBy: 'test' })).ok, true);
  });

  test('a shared log placement naming another schema (older code) is refused before anything is frozen or copied', async () => {
    const tenantId = (await createTestTenant('logs-legacy')).id;
    await recordTestEvents(tenantId, 2, 'legacy');
    await savePlacement({ ...getDefaultPlacement(tenantId, 'logs'), schemaName: 'data_plane', isRecorded: true });
    await assert.rejects(migrateLayer(tenantId, 'logs', 'schema_kms'), PlacementOperationError);
    assert.equal(await getRunningOperation(tenantId, 'logs'), null, 'no operation was started');
    assert.equal((await getPlacement(tenantId, 'logs')).state, 'active');
    const [next] = await recordTestEvents(tenantId, 1, 'legacy-after');
    assert.equal(next.seq, 3, 'the shared chain still takes appends where it is');
  });

  test('the control-plane migration points a legacy placed log row back at the shared tables (checked in a rolled-back transaction)', async () => {
    const tenantId = (await createTestTenant('logs-legacy-row')).id;
    const sql = readFileSync(path.join(process.cwd(), 'prisma/migrations/20261128000000_audit_log_placement/migration.sql'), 'utf8');
    const reset = sql.slice(sql.indexOf('ALTER TABLE "placements" NO FORCE ROW LEVEL SECURITY;'));
    const owner = await connectAsOwner();
    try {
      await owner.query('BEGIN');
      await owner.query('ALTER TABLE placements NO FORCE ROW LEVEL SECURITY');
      await owner.query(
        `INSERT INTO placements (tenant_id, layer, tier, state, schema_name, role_name, role_password_sealed) VALUES ($1, 'logs', 'schema_kms', 'active', 't_x_logs', 'bh_x_logs_s', 'sealed')`,
        [tenantId],
      );
      await owner.query(reset);
      await owner.query('ALTER TABLE placements NO FORCE ROW LEVEL SECURITY');
      const { rows } = await owner.query('SELECT tier::text, state::text, schema_name, role_name, role_password_sealed FROM placements WHERE tenant_id = $1', [
        tenantId,
      ]);
      assert.deepEqual(rows, [{ tier: 'namespace', state: 'active', schema_name: 'public', role_name: null, role_password_sealed: null }]);
    } finally {
      await owner.query('ROLLBACK');
      await owner.end();
    }
  });
});
