import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { createTestTenant } from '@/lib/testing/fixtures';
import { digestPlacement, findDigestDifferences } from './copy-layer';
import { PlacementMovingError, PlacementOperationError } from './errors';
import { getPlacement } from './get-placement';
import type { LayerDigest } from './layer-rows';
import { migrateLayer, rollbackLayerMigration } from './migrate-layer';
import { seedPromptLayer } from './test-helpers';
import { killMigrationAt, killMigrationMidCopy } from './testing/kill-harness';
import { usePlacementTestServices } from './testing/use-placement-test-services';
import { executeAsOwner, findInconsistencies, hasSameRowsAs, readStoredRow } from './testing/placement-state';
import { withTenantData } from './with-tenant-data';

// Each migration here runs in a child process that is SIGKILLed at a chosen point (no finally block
// runs, its connections die with it); this process then resumes or rolls back the migration.
describe('a prompt-layer migration killed for real (SIGKILL)', () => {
  usePlacementTestServices();
  let tenantId: string;
  let original: LayerDigest;

  /** During the dead window, reads see the whole old copy and writes fail closed. */
  async function assertFrozenWithWholeReads() {
    const placement = await getPlacement(tenantId, 'prompt');
    assert.equal(placement.state, 'migrating');
    assert.deepEqual(findDigestDifferences(original, await digestPlacement(placement)), [], 'reads see every row of the old copy');
    assert.equal(await withTenantData(tenantId, 'prompt', (tx) => tx.message.count()), 40);
    await assert.rejects(
      withTenantData(tenantId, 'prompt', (tx) => tx.promptConfig.create({ data: { tenantId, name: 'late' } })),
      PlacementMovingError,
    );
  }

  before(async () => {
    tenantId = (await createTestTenant('kill')).id;
    await seedPromptLayer(await getPlacement(tenantId, 'prompt'), 40, 'k');
    original = await digestPlacement(await getPlacement(tenantId, 'prompt'));
  });

  test('prompt namespace → schema_kms, killed midway through the copy: reads stay whole, writes are refused, the resume completes', async () => {
    // Held at the one conversation: prompt_configs and prompt_versions (80 of 121 rows) are written, uncommitted.
    await killMigrationMidCopy({ tenantId, layer: 'prompt', toTier: 'schema_kms' }, 'conversations', 0);
    await assertFrozenWithWholeReads();
    await migrateLayer(tenantId, 'prompt', 'schema_kms', { drainMs: 0 });
    assert.deepEqual(await findInconsistencies(tenantId, 'prompt', hasSameRowsAs(original)), []);
  });

  test('prompt schema_kms → dedicated, killed after the switch committed but before the ledger knew: no rollback, the resume completes', async () => {
    await killMigrationAt({ tenantId, layer: 'prompt', toTier: 'dedicated' }, { when: 'after', step: 'switch' });
    const moved = await getPlacement(tenantId, 'prompt');
    assert.deepEqual([moved.tier, moved.state], ['dedicated', 'active'], 'the new copy serves');
    assert.deepEqual(findDigestDifferences(original, await digestPlacement(moved)), [], 'reads see every row of the new copy');
    // The ledger does not say "switched" yet: a rollback would drop the copy that serves.
    await assert.rejects(rollbackLayerMigration(tenantId, 'prompt'), PlacementOperationError);
    await migrateLayer(tenantId, 'prompt', 'dedicated', { drainMs: 0 });
    assert.deepEqual(await findInconsistencies(tenantId, 'prompt', hasSameRowsAs(original)), []);

    // Positive control: one row deleted from the copy that serves is caught, and restoring it clears it.
    const message = await readStoredRow(moved, 'messages', 7);
    await executeAsOwner(moved, 'DELETE FROM messages WHERE id = $1', [message.id]);
    assert.deepEqual(await findInconsistencies(tenantId, 'prompt', hasSameRowsAs(original)), ['content differs in messages']);
    await executeAsOwner(moved, 'INSERT INTO messages SELECT * FROM json_populate_record(NULL::messages, $1::json)', [JSON.stringify(message)]);
    assert.deepEqual(await findInconsistencies(tenantId, 'prompt', hasSameRowsAs(original)), []);
  });

  test('prompt dedicated → namespace, killed midway through the copy into the shared schema: the rollback restores the old copy', async () => {
    const before = await getPlacement(tenantId, 'prompt');
    await killMigrationMidCopy({ tenantId, layer: 'prompt', toTier: 'namespace' }, 'conversations', 0);
    await assertFrozenWithWholeReads();
    await rollbackLayerMigration(tenantId, 'prompt');
    assert.equal((await getPlacement(tenantId, 'prompt')).databaseName, before.databaseName);
    assert.deepEqual(await findInconsistencies(tenantId, 'prompt', hasSameRowsAs(original)), [], 'the dedicated copy, whole, and no shared rows');
    const created = await withTenantData(tenantId, 'prompt', (tx) => tx.promptConfig.create({ data: { tenantId, name: 'after rollback' } }));
    await withTenantData(tenantId, 'prompt', (tx) => tx.promptConfig.delete({ where: { id: created.id } }));
  });
});
