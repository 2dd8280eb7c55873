import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, test } from 'node:test';
import pg from 'pg';
import { createPlatformAdmin } from '@/lib/control/control-test-fixtures';
import { setNamespaceShard } from '@/lib/control/database-servers/set-namespace-shard';
import { createTestTenant } from '@/lib/testing/fixtures';
import { digestPlacement, findDigestDifferences } from './copy-layer';
import { PlacementMovingError } from './errors';
import { getDefaultPlacement, getPlacement } from './get-placement';
import { countLayerRows, type LayerDigest } from './layer-rows';
import { LAYER_TABLES } from './layers';
import { migrateLayer } from './migrate-layer';
import { getShardNames } from './naming';
import { getRunningOperation } from './operation-ledger';
import { seedPromptLayer } from './test-helpers';
import { killMigrationAt, killMigrationMidCopy } from './testing/kill-harness';
import { usePlacementTestServices } from './testing/use-placement-test-services';
import { useSecondServer } from './testing/use-second-server';
import { withTenantData } from './with-tenant-data';

// A move onto and off a namespace shard, run in a child process SIGKILLed midway (kill-harness.ts);
// this process resumes it, and the layer must end whole on the server it was headed for with none of
// its rows left in the other server's shared tables (and the neighbour on the shard untouched).
describe('a move to and from a namespace shard killed for real (SIGKILL)', () => {
  usePlacementTestServices();
  const second = useSecondServer('namespace-shard-kill');
  let tenantId: string;
  let neighbour: string;
  let original: LayerDigest;
  let neighbourDigest: LayerDigest;

  async function countOnShard(id: string) {
    let total = 0;
    for (const table of LAYER_TABLES.prompt) {
      const [row] = await second.server.queryAsSuperuser<{ n: number }>(
        `SELECT count(*)::int AS n FROM data_plane.${pg.escapeIdentifier(table)} WHERE tenant_id = $1`,
        [id],
        getShardNames(second.serverId).databaseName!,
      );
      total += row.n;
    }
    return total;
  }

  /** Active, nothing running, every row on `serverId`'s side and none on the other; the neighbour whole. */
  async function assertSettledOn(serverId: string | null) {
    const placement = await getPlacement(tenantId, 'prompt');
    assert.deepEqual([placement.tier, placement.state, placement.serverId], ['namespace', 'active', serverId]);
    assert.equal(await getRunningOperation(tenantId, 'prompt'), null);
    assert.deepEqual(findDigestDifferences(original, await digestPlacement(placement)), [], 'every row, unchanged');
    const onShard = await countOnShard(tenantId);
    const onPrimary = await countLayerRows(getDefaultPlacement(tenantId, 'prompt'));
    // 30 configs, 30 versions, a conversation and 30 messages.
    assert.deepEqual(serverId ? [onShard, onPrimary] : [onPrimary, onShard], [91, 0], 'one copy, on the server the placement names');
    assert.deepEqual(findDigestDifferences(neighbourDigest, await digestPlacement(await getPlacement(neighbour, 'prompt'))), [], 'the neighbour untouched');
  }

  before(async () => {
    const admin = await createPlatformAdmin('shard-kill-admin');
    await setNamespaceShard(admin, { serverId: second.serverId, isHosting: true }, { actor: { type: 'user', id: admin.userId }, requestId: randomUUID() });
    neighbour = (await createTestTenant('shard-kill-neighbour')).id;
    await migrateLayer(neighbour, 'prompt', 'namespace', { serverId: second.serverId, drainMs: 0 });
    await seedPromptLayer(await getPlacement(neighbour, 'prompt'), 5, 'nb');
    neighbourDigest = await digestPlacement(await getPlacement(neighbour, 'prompt'));
    tenantId = (await createTestTenant('shard-kill')).id;
    await seedPromptLayer(await getPlacement(tenantId, 'prompt'), 30, 'sk');
    original = await digestPlacement(await getPlacement(tenantId, 'prompt'));
  });

  test('primary → shard, killed midway through the copy: reads stay whole, writes refused, the resume completes', async () => {
    await killMigrationMidCopy({ tenantId, layer: 'prompt', toTier: 'namespace', serverId: second.serverId }, 'conversations', 0, () =>
      second.server.connectAsSuperuser(getShardNames(second.serverId).databaseName!),
    );
    const frozen = await getPlacement(tenantId, 'prompt');
    assert.deepEqual([frozen.state, frozen.serverId], ['migrating', null], 'still served from server 1, frozen');
    assert.deepEqual(findDigestDifferences(original, await digestPlacement(frozen)), [], 'reads see every row of the old copy');
    assert.equal(await countOnShard(tenantId), 0, 'the killed copy committed nothing on the shard');
    await assert.rejects(
      withTenantData(tenantId, 'prompt', (tx) => tx.promptConfig.create({ data: { tenantId, name: 'late' } })),
      PlacementMovingError,
    );
    await migrateLayer(tenantId, 'prompt', 'namespace', { serverId: second.serverId, drainMs: 0 });
    await assertSettledOn(second.serverId);
  });

  test('shard → primary, killed after the switch committed: the resume deletes its rows from the shard', async () => {
    await killMigrationAt({ tenantId, layer: 'prompt', toTier: 'namespace', serverId: null }, { when: 'after', step: 'switch' });
    const switched = await getPlacement(tenantId, 'prompt');
    assert.equal(switched.serverId, null, 'the copy on server 1 serves');
    assert.deepEqual(findDigestDifferences(original, await digestPlacement(switched)), []);
    assert.equal(await countOnShard(tenantId), 91, 'the old copy is still on the shard until the resume');
    await migrateLayer(tenantId, 'prompt', 'namespace', { serverId: null, drainMs: 0 });
    await assertSettledOn(null);
  });

  test('primary → shard, killed after the switch committed: the resume deletes its rows from the primary', async () => {
    await killMigrationAt({ tenantId, layer: 'prompt', toTier: 'namespace', serverId: second.serverId }, { when: 'after', step: 'switch' });
    assert.equal((await getPlacement(tenantId, 'prompt')).serverId, second.serverId, 'the shard serves');
    assert.equal(await countLayerRows(getDefaultPlacement(tenantId, 'prompt')), 91, 'the old copy is still on server 1 until the resume');
    await migrateLayer(tenantId, 'prompt', 'namespace', { serverId: second.serverId, drainMs: 0 });
    await assertSettledOn(second.serverId);
  });
});
