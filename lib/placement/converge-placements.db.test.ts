import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { startTestKms, type TestKms } from '@/lib/kms/test-kms';
import { createTestTenant } from '@/lib/testing/fixtures';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { convergePlacements } from './converge-placements';
import { digestPlacement } from './copy-layer';
import { destroyLocation } from './destroy-location';
import { getPlacement } from './get-placement';
import { LAYERS } from './layers';
import { closePlacementPools } from './pool-registry-instance';
import { seedPromptLayer } from './test-helpers';
import { upgradeSharedSchema } from './upgrade-placements';

describe('the placement worker carries out recorded tiers', () => {
  let kms: TestKms;
  let tenantId: string;
  let bystanderId: string;
  // Other test files' tenants share this database: touch only this file's own.
  const onlyOurs = (id: string) => id === tenantId || id === bystanderId;

  before(async () => {
    kms = await startTestKms();
    await upgradeSharedSchema();
    tenantId = (await createTestTenant('converge')).id;
    bystanderId = (await createTestTenant('converge-stay')).id;
    await seedPromptLayer(await getPlacement(tenantId, 'prompt'), 12, 'c');
  });
  after(async () => {
    for (const layer of LAYERS) {
      const placement = await getPlacement(tenantId, layer);
      if (placement.tier !== 'namespace') await destroyLocation(placement);
    }
    await closePlacementPools();
    await disconnectAllPrismaClients();
    await kms.stop();
  });

  test('a tier saved in the control plane moves that layer with every row; other layers and tenants stay; a second pass does nothing', async () => {
    const before = await digestPlacement(await getPlacement(tenantId, 'prompt'));
    // What the console's tier form records, nothing more.
    await withPlatformSystemAccess('test', (tx) => tx.tenant.update({ where: { id: tenantId }, data: { promptTier: 'schema_kms', logsTier: 'dedicated' } }));

    const outcomes = await convergePlacements({ drainMs: 0, shouldAttempt: onlyOurs });
    assert.deepEqual(
      outcomes.map(({ tenantId: id, layer, fromTier, toTier, error }) => ({ id, layer, fromTier, toTier, error })),
      [
        { id: tenantId, layer: 'prompt', fromTier: 'namespace', toTier: 'schema_kms', error: undefined },
        { id: tenantId, layer: 'logs', fromTier: 'namespace', toTier: 'dedicated', error: undefined },
      ],
    );
    const prompt = await getPlacement(tenantId, 'prompt');
    assert.equal(prompt.tier, 'schema_kms');
    assert.deepEqual((await digestPlacement(prompt)).tables, before.tables, 'every row arrived, byte for byte');
    assert.equal((await getPlacement(tenantId, 'logs')).tier, 'dedicated');
    assert.equal((await getPlacement(tenantId, 'retrieval')).tier, 'namespace', 'an unchanged layer stays');
    assert.equal((await getPlacement(bystanderId, 'prompt')).isRecorded, false, 'another tenant is not touched');

    assert.deepEqual(await convergePlacements({ drainMs: 0, shouldAttempt: onlyOurs }), [], 'converged: nothing left to move');
  });
});
