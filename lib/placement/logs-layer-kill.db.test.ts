import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { AuditEvent } from '@/lib/audit/event';
import { AuditChainFrozenError } from '@/lib/audit/store/chain-frozen-error';
import { createCheckpoint } from '@/lib/audit/store/create-checkpoint';
import { verifyTenantChain } from '@/lib/audit/store/verify-tenant-chain';
import { createTestTenant } from '@/lib/testing/fixtures';
import { getPlacement } from './get-placement';
import { collectChain, recordTestEvents } from './logs-layer-test-helpers';
import { migrateLayer, rollbackLayerMigration } from './migrate-layer';
import { killMigrationAt, killMigrationMidCopy } from './testing/kill-harness';
import { usePlacementTestServices } from './testing/use-placement-test-services';
import { findInconsistencies, hasChainStartingWith } from './testing/placement-state';

const hashes = (events: AuditEvent[]) => events.map((event) => `${event.seq}:${event.hash}`);

// The tenant's audit chain moved by a child process that is SIGKILLed (kill-harness.ts); this process
// then resumes or rolls back, and the chain must re-verify end to end against its signed checkpoints.
describe('a log migration killed for real (SIGKILL)', () => {
  usePlacementTestServices();
  let tenantId: string;
  let original: AuditEvent[];

  /** During the dead window the old chain reads whole and refuses appends (fail closed). */
  async function assertFrozenWithWholeReads() {
    assert.equal((await getPlacement(tenantId, 'logs')).state, 'migrating');
    assert.deepEqual(hashes((await collectChain(tenantId)).slice(0, original.length)), hashes(original), 'reads see every event of the old copy');
    await assert.rejects(recordTestEvents(tenantId, 1, 'dead-window'), AuditChainFrozenError);
  }

  async function assertConsistent() {
    assert.deepEqual(await findInconsistencies(tenantId, 'logs', hasChainStartingWith(original)), []);
    const status = await verifyTenantChain(tenantId, { checkedBy: 'kill test' });
    assert.equal(status.ok, true, status.problem?.detail);
  }

  before(async () => {
    tenantId = (await createTestTenant('logs-kill')).id;
    await recordTestEvents(tenantId, 30, 'kill');
    await createCheckpoint(tenantId);
    await recordTestEvents(tenantId, 10, 'kill-after-checkpoint');
    original = await collectChain(tenantId);
  });

  test('namespace → schema_kms, killed midway through the copy: the old chain reads whole, appends are refused, the resume completes', async () => {
    // Held at event 20: the copy's head and events 1 to 19 are written, uncommitted.
    await killMigrationMidCopy({ tenantId, layer: 'logs', toTier: 'schema_kms' }, 'audit_events', 19);
    await assertFrozenWithWholeReads();
    await migrateLayer(tenantId, 'logs', 'schema_kms');
    await assertConsistent();
  });

  test('schema_kms → dedicated, killed after the switch before destroy_old: the new chain takes appends, the resume drops the old copy', async () => {
    await killMigrationAt({ tenantId, layer: 'logs', toTier: 'dedicated' }, { when: 'before', step: 'destroy_old' });
    assert.equal((await getPlacement(tenantId, 'logs')).tier, 'dedicated');
    const [appended] = await recordTestEvents(tenantId, 1, 'after-switch');
    await migrateLayer(tenantId, 'logs', 'dedicated');
    await assertConsistent();
    assert.ok(
      (await collectChain(tenantId)).some((event) => event.hash === appended.hash),
      'the append after the switch is kept',
    );
  });

  test('dedicated → namespace, killed midway through the copy into the shared tables: the rollback thaws the dedicated chain', async () => {
    await killMigrationMidCopy({ tenantId, layer: 'logs', toTier: 'namespace' }, 'audit_events', 19);
    await assertFrozenWithWholeReads();
    await rollbackLayerMigration(tenantId, 'logs');
    assert.equal((await getPlacement(tenantId, 'logs')).tier, 'dedicated');
    await assertConsistent();
    const [next] = await recordTestEvents(tenantId, 1, 'after-rollback');
    assert.equal(next.prevHash, (await collectChain(tenantId)).at(-2)!.hash, 'appends continue on the dedicated chain');
  });
});
