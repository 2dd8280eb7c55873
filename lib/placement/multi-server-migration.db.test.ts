import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createCheckpoint } from '@/lib/audit/store/create-checkpoint';
import { verifyTenantChain } from '@/lib/audit/store/verify-tenant-chain';
import { createTestTenant } from '@/lib/testing/fixtures';
import { convergePlacements } from './converge-placements';
import { digestPlacement, findDigestDifferences } from './copy-layer';
import { getPlacement } from './get-placement';
import type { LayerDigest } from './layer-rows';
import type { Layer } from './layers';
import { collectChain, recordTestEvents } from './logs-layer-test-helpers';
import { migrateLayer } from './migrate-layer';
import { seedPromptLayer, seedRetrievalLayer } from './test-helpers';
import { findTenantLocations } from './testing/placement-state';
import { usePlacementTestServices } from './testing/use-placement-test-services';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { useSecondServer } from './testing/use-second-server';

const hashes = (events: { seq: number; hash: string }[]) => events.map((event) => `${event.seq}:${event.hash}`);

// Two real PostgreSQL servers: the control plane's own (server 1) and a second one on another port,
// standing for another machine, registered as a platform admin registers it. Every layer goes
// namespace on server 1 → dedicated on server 2 → dedicated on server 1 by the same copy, verify,
// switch, destroy migration, and must hold the same rows, and the same audit chain, at every stop.
describe('moving every layer between two database servers', () => {
  usePlacementTestServices();
  const second = useSecondServer('multi-server');

  /** The tenant's databases and roles on server 2, as its superuser sees the catalog. */
  async function findLocationsOnSecond(tenantId: string, layer: Layer) {
    const pattern = `%${tenantId.replace(/-/g, '')}_${layer}%`;
    const rows = await second.server.queryAsSuperuser<{ name: string }>(
      `SELECT 'role ' || rolname AS name FROM pg_roles WHERE rolname LIKE $1
       UNION ALL SELECT 'database ' || datname FROM pg_database WHERE datname LIKE $1 ORDER BY 1`,
      [pattern],
    );
    return rows.map((row) => row.name);
  }

  test('namespace on server 1 → dedicated on server 2 → dedicated on server 1: every row and the audit chain identical', async () => {
    const tenantId = (await createTestTenant('two-servers')).id;
    await seedPromptLayer(await getPlacement(tenantId, 'prompt'), 25, 'two');
    await seedRetrievalLayer(await getPlacement(tenantId, 'retrieval'), 25, 'two');
    await recordTestEvents(tenantId, 20, 'before-move');
    await createCheckpoint(tenantId);
    const originals: Partial<Record<Layer, LayerDigest>> = {
      prompt: await digestPlacement(await getPlacement(tenantId, 'prompt')),
      retrieval: await digestPlacement(await getPlacement(tenantId, 'retrieval')),
    };
    assert.ok(originals.prompt!.tables.messages.rows === 25, 'the seed is there to be compared');
    // The chain also gains each migration's own outcome event; what was there must stay first, unchanged.
    let expectedChain = await collectChain(tenantId);

    for (const [serverId, label] of [
      [second.serverId, 'server 2'],
      [null, 'server 1'],
    ] as const) {
      for (const layer of ['prompt', 'retrieval', 'logs'] as const) {
        const result = await migrateLayer(tenantId, layer, 'dedicated', { serverId, drainMs: 0 });
        const placement = await getPlacement(tenantId, layer);
        assert.deepEqual([placement.tier, placement.state, placement.serverId], ['dedicated', 'active', serverId], `${layer} on ${label}`);
        assert.equal(result.placement.serverId, serverId);
        if (layer !== 'logs') {
          assert.deepEqual(findDigestDifferences(originals[layer]!, await digestPlacement(placement)), [], `${layer} on ${label}: the same rows`);
        }
        const onSecond = await findLocationsOnSecond(tenantId, layer);
        const onFirst = await findTenantLocations(tenantId, layer);
        const own = [`database ${placement.databaseName}`, `role ${placement.roleName}`].sort();
        // The copy lives where the placement says, and the old copy is gone from the other server.
        assert.deepEqual(serverId ? onSecond : onFirst, own, `${layer} on ${label}: its database and role are there`);
        assert.deepEqual(serverId ? onFirst : onSecond, [], `${layer} on ${label}: nothing left on the other server`);
      }
      const chain = await collectChain(tenantId);
      assert.deepEqual(hashes(chain.slice(0, expectedChain.length)), hashes(expectedChain), `on ${label}: every audit event kept, in order`);
      expectedChain = chain;
      const verified = await verifyTenantChain(tenantId, { checkedBy: 'multi-server test' });
      assert.equal(verified.ok, true, JSON.stringify(verified.problem));
    }

    // Appends continue on server 1 after the round trip, and the chain still verifies end to end.
    await recordTestEvents(tenantId, 2, 'after-move');
    const final = await verifyTenantChain(tenantId, { checkedBy: 'multi-server test' });
    assert.equal(final.ok, true, JSON.stringify(final.problem));
    assert.equal(final.eventCount, expectedChain.length + 2);
  });

  test('a server chosen on the tier form is carried out by the worker: the layer moves there, and back when the choice is cleared', async () => {
    const tenantId = (await createTestTenant('servers-converge')).id;
    await seedPromptLayer(await getPlacement(tenantId, 'prompt'), 6, 'conv');
    const original = await digestPlacement(await getPlacement(tenantId, 'prompt'));
    const onlyOurs = (id: string) => id === tenantId;
    // What the tier form records (its own checks are tested with the registry), nothing more.
    const choose = (serverId: string | null) =>
      withPlatformSystemAccess('test: record a server', (tx) =>
        tx.tenant.update({ where: { id: tenantId }, data: { promptTier: 'dedicated', promptServerId: serverId } }),
      );
    for (const serverId of [second.serverId, null]) {
      await choose(serverId);
      const outcomes = await convergePlacements({ drainMs: 0, shouldAttempt: onlyOurs });
      assert.deepEqual(
        outcomes.map((outcome) => [outcome.layer, outcome.toTier, outcome.error]),
        [['prompt', 'dedicated', undefined]],
      );
      const placement = await getPlacement(tenantId, 'prompt');
      assert.equal(placement.serverId, serverId);
      assert.deepEqual(findDigestDifferences(original, await digestPlacement(placement)), []);
      assert.deepEqual(await convergePlacements({ drainMs: 0, shouldAttempt: onlyOurs }), [], 'converged: nothing left to move');
    }
  });

  test('positive control: a row changed on server 2 is caught by the comparison the test relies on', async () => {
    const tenantId = (await createTestTenant('two-servers-control')).id;
    await seedPromptLayer(await getPlacement(tenantId, 'prompt'), 5, 'ctl');
    const original = await digestPlacement(await getPlacement(tenantId, 'prompt'));
    await migrateLayer(tenantId, 'prompt', 'dedicated', { serverId: second.serverId, drainMs: 0 });
    const placement = await getPlacement(tenantId, 'prompt');
    await second.server.queryAsSuperuser(
      `UPDATE ${placement.schemaName}.prompt_configs SET name = name || '-changed' WHERE tenant_id = $1`,
      [tenantId],
      placement.databaseName!,
    );
    assert.deepEqual(findDigestDifferences(original, await digestPlacement(placement)), ['prompt_configs']);
  });
});
