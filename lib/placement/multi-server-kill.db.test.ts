import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { AuditEvent } from '@/lib/audit/event';
import { verifyTenantChain } from '@/lib/audit/store/verify-tenant-chain';
import { createTestTenant } from '@/lib/testing/fixtures';
import { digestPlacement, findDigestDifferences } from './copy-layer';
import { PlacementMovingError } from './errors';
import { getPlacement } from './get-placement';
import type { LayerDigest } from './layer-rows';
import type { Layer } from './layers';
import { collectChain, recordTestEvents } from './logs-layer-test-helpers';
import { migrateLayer } from './migrate-layer';
import { getRunningOperation } from './operation-ledger';
import { seedPromptLayer } from './test-helpers';
import { killMigrationAt, killMigrationMidCopy } from './testing/kill-harness';
import { findTenantLocations } from './testing/placement-state';
import { usePlacementTestServices } from './testing/use-placement-test-services';
import { useSecondServer } from './testing/use-second-server';
import { withTenantData } from './with-tenant-data';

const hashes = (events: AuditEvent[]) => events.map((event) => `${event.seq}:${event.hash}`);

// A move between two real servers, run in a child process that is SIGKILLed midway (kill-harness.ts);
// this process resumes it, and the layer must end whole on the server it was headed for, with
// nothing of it left on the other one.
describe('a move between database servers killed for real (SIGKILL)', () => {
  usePlacementTestServices();
  const second = useSecondServer('multi-server-kill');
  let tenantId: string;
  let original: LayerDigest;
  let originalChain: AuditEvent[];

  /** The tenant's databases and roles on server 2, as its superuser sees the catalog. */
  async function findLocationsOnSecond(layer: Layer) {
    const rows = await second.server.queryAsSuperuser<{ name: string }>(
      `SELECT 'role ' || rolname AS name FROM pg_roles WHERE rolname LIKE $1
       UNION ALL SELECT 'database ' || datname FROM pg_database WHERE datname LIKE $1 ORDER BY 1`,
      [`%${tenantId.replace(/-/g, '')}_${layer}%`],
    );
    return rows.map((row) => row.name);
  }

  /** Active, nothing running, the layer's one copy on `serverId`'s server and none on the other. */
  async function assertSettledOn(layer: Layer, serverId: string | null) {
    const placement = await getPlacement(tenantId, layer);
    assert.deepEqual([placement.tier, placement.state, placement.serverId], ['dedicated', 'active', serverId]);
    assert.equal(await getRunningOperation(tenantId, layer), null);
    const own = [`database ${placement.databaseName}`, `role ${placement.roleName}`].sort();
    const [here, other] = serverId
      ? [await findLocationsOnSecond(layer), await findTenantLocations(tenantId, layer)]
      : [await findTenantLocations(tenantId, layer), await findLocationsOnSecond(layer)];
    assert.deepEqual(here, own, 'its copy is on the server it names');
    assert.deepEqual(other, [], 'nothing of it is left on the other server');
    return placement;
  }

  before(async () => {
    tenantId = (await createTestTenant('servers-kill')).id;
    await seedPromptLayer(await getPlacement(tenantId, 'prompt'), 40, 'sk');
    original = await digestPlacement(await getPlacement(tenantId, 'prompt'));
    await recordTestEvents(tenantId, 25, 'servers-kill');
    originalChain = await collectChain(tenantId);
  });

  test('prompt namespace on server 1 → dedicated on server 2, killed midway through the copy: reads stay whole, writes refused, the resume completes', async () => {
    await killMigrationMidCopy({ tenantId, layer: 'prompt', toTier: 'dedicated', serverId: second.serverId }, 'conversations', 0, () =>
      second.server.connectAsSuperuser(),
    );
    const frozen = await getPlacement(tenantId, 'prompt');
    assert.equal(frozen.state, 'migrating');
    assert.deepEqual(findDigestDifferences(original, await digestPlacement(frozen)), [], 'reads see every row of the old copy');
    await assert.rejects(
      withTenantData(tenantId, 'prompt', (tx) => tx.promptConfig.create({ data: { tenantId, name: 'late' } })),
      PlacementMovingError,
    );
    await migrateLayer(tenantId, 'prompt', 'dedicated', { serverId: second.serverId, drainMs: 0 });
    const moved = await assertSettledOn('prompt', second.serverId);
    assert.deepEqual(findDigestDifferences(original, await digestPlacement(moved)), []);
  });

  test('prompt dedicated on server 2 → dedicated on server 1, killed after the switch committed: the resume drops the copy on server 2', async () => {
    await killMigrationAt({ tenantId, layer: 'prompt', toTier: 'dedicated', serverId: null }, { when: 'after', step: 'switch' });
    const switched = await getPlacement(tenantId, 'prompt');
    assert.equal(switched.serverId, null, 'the copy on server 1 serves');
    assert.deepEqual(findDigestDifferences(original, await digestPlacement(switched)), []);
    assert.equal((await findLocationsOnSecond('prompt')).length, 2, 'the old copy is still on server 2 until the resume');
    await migrateLayer(tenantId, 'prompt', 'dedicated', { serverId: null, drainMs: 0 });
    const moved = await assertSettledOn('prompt', null);
    assert.deepEqual(findDigestDifferences(original, await digestPlacement(moved)), []);
  });

  test('logs namespace on server 1 → dedicated on server 2, killed before verify: the chain reads whole, appends are refused, the resume completes', async () => {
    await killMigrationAt({ tenantId, layer: 'logs', toTier: 'dedicated', serverId: second.serverId }, { when: 'before', step: 'verify' });
    assert.equal((await getPlacement(tenantId, 'logs')).state, 'migrating');
    assert.deepEqual(hashes((await collectChain(tenantId)).slice(0, originalChain.length)), hashes(originalChain));
    await assert.rejects(recordTestEvents(tenantId, 1, 'dead-window'));
    await migrateLayer(tenantId, 'logs', 'dedicated', { serverId: second.serverId, drainMs: 0 });
    await assertSettledOn('logs', second.serverId);
    assert.deepEqual(hashes((await collectChain(tenantId)).slice(0, originalChain.length)), hashes(originalChain), 'every event kept, in order');
    const status = await verifyTenantChain(tenantId, { checkedBy: 'multi-server kill test' });
    assert.equal(status.ok, true, status.problem?.detail);
  });
});
