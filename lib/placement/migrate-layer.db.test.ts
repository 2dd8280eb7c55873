import assert from 'node:assert/strict';
import { locationExists } from './testing/placement-state';
import { after, before, describe, test } from 'node:test';
import { getAuditChainStore } from '@/lib/audit/store/chain-store';
import { verifyChain } from '@/lib/audit/verify-chain';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { startTestKms, type TestKms } from '@/lib/kms/test-kms';
import { createTestTenant } from '@/lib/testing/fixtures';
import { digestPlacement, findDigestDifferences } from './copy-layer';
import { PlacementMovingError } from './errors';
import { getPlacement } from './get-placement';
import type { Tier } from './layers';
import { getRunningOperation } from './operation-ledger';
import { migrateLayer, rollbackLayerMigration } from './migrate-layer';
import { closePlacementPools } from './pool-registry-instance';
import { seedPromptLayer, seedRetrievalLayer } from './test-helpers';
import { upgradeSharedSchema } from './upgrade-placements';
import { withTenantData } from './with-tenant-data';

class InjectedCrash extends Error {}
const crashAt = (step: string) => ({
  drainMs: 0,
  beforeStep: (current: string) => {
    if (current === step) throw new InjectedCrash(step);
  },
});

async function collectChain(tenantId: string) {
  const events = [];
  for await (const event of getAuditChainStore(tenantId).streamEvents()) events.push(event);
  return events;
}

describe('tier migration of a layer', () => {
  let kms: TestKms;
  let tenantId: string;

  before(async () => {
    kms = await startTestKms();
    await upgradeSharedSchema();
    tenantId = (await createTestTenant('migrate')).id;
    const start = await getPlacement(tenantId, 'prompt');
    await seedPromptLayer(start, 40, 'm');
    await seedRetrievalLayer(await getPlacement(tenantId, 'retrieval'), 25, 'm');
  });
  after(async () => {
    await closePlacementPools();
    await disconnectAllPrismaClients();
    await kms.stop();
  });

  test('namespace → schema_kms → dedicated → namespace keeps every row (hash comparison) and destroys each old copy', async () => {
    const original = await digestPlacement(await getPlacement(tenantId, 'prompt'));
    assert.equal(original.tables.prompt_versions.rows, 40);
    for (const tier of ['schema_kms', 'dedicated', 'namespace'] as Tier[]) {
      const before = await getPlacement(tenantId, 'prompt');
      const result = await migrateLayer(tenantId, 'prompt', tier, { drainMs: 0 });
      assert.equal(result.placement.tier, tier);
      assert.equal(result.placement.state, 'active');
      assert.deepEqual(findDigestDifferences(original, await digestPlacement(result.placement)), [], `content after moving to ${tier}`);
      if (before.roleName) assert.equal(await locationExists(before), false, `old ${before.tier} copy destroyed`);
      const stored = await withTenantData(tenantId, 'prompt', (tx) => tx.promptVersion.findFirstOrThrow());
      assert.equal(stored.body.startsWith('bh1.'), tier !== 'namespace', `sealed at ${tier}`);
    }
    // The shared schema holds exactly one copy again (the old namespace rows were deleted on the way out).
    assert.equal(await withTenantData(tenantId, 'prompt', (tx) => tx.promptVersion.count()), 40);
  });

  test('positive control: the verification sees one changed row', async () => {
    const placement = await getPlacement(tenantId, 'prompt');
    const before = await digestPlacement(placement);
    const [row] = await withTenantData(tenantId, 'prompt', (tx) => tx.promptConfig.findMany({ take: 1 }));
    await withTenantData(tenantId, 'prompt', (tx) => tx.promptConfig.update({ where: { id: row.id }, data: { name: `${row.name}!` } }));
    assert.deepEqual(findDigestDifferences(before, await digestPlacement(placement)), ['prompt_configs']);
    await withTenantData(tenantId, 'prompt', (tx) => tx.promptConfig.update({ where: { id: row.id }, data: { name: row.name } }));
  });

  test('a migration killed after the freeze keeps reads, refuses writes, and resumes to a consistent state', async () => {
    const original = await digestPlacement(await getPlacement(tenantId, 'retrieval'));
    await assert.rejects(migrateLayer(tenantId, 'retrieval', 'schema_kms', crashAt('copy')), InjectedCrash);
    const frozen = await getPlacement(tenantId, 'retrieval');
    assert.equal(frozen.state, 'migrating');
    assert.equal(await withTenantData(tenantId, 'retrieval', (tx) => tx.chunk.count()), 25, 'reads continue from the old copy');
    await assert.rejects(
      withTenantData(tenantId, 'retrieval', (tx) => tx.document.create({ data: { tenantId, title: 'late', contentHash: 'late' } })),
      PlacementMovingError,
    );
    // Killed again after the switch: the new copy serves, the old one waits for the resume to drop it.
    await assert.rejects(migrateLayer(tenantId, 'retrieval', 'schema_kms', crashAt('destroy_old')), InjectedCrash);
    assert.equal((await getPlacement(tenantId, 'retrieval')).tier, 'schema_kms');
    const result = await migrateLayer(tenantId, 'retrieval', 'schema_kms', { drainMs: 0 });
    assert.equal(result.placement.state, 'active');
    assert.deepEqual(findDigestDifferences(original, await digestPlacement(result.placement)), []);
    assert.equal(await getRunningOperation(tenantId, 'retrieval'), null);
    const search = await withTenantData(
      tenantId,
      'retrieval',
      (tx) => tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM chunks WHERE search_vector @@ to_tsquery('english', 'harbour')`,
    );
    assert.equal(search[0].n, 25, 'the full-text index moved with the rows');
  });

  test('a migration killed mid-copy can be rolled back: the old copy is active and writable again', async () => {
    const before = await getPlacement(tenantId, 'retrieval');
    await assert.rejects(migrateLayer(tenantId, 'retrieval', 'dedicated', crashAt('verify')), InjectedCrash);
    const operation = await getRunningOperation(tenantId, 'retrieval');
    assert.ok(operation?.completedSteps.includes('copy'));
    await rollbackLayerMigration(tenantId, 'retrieval');
    const after = await getPlacement(tenantId, 'retrieval');
    assert.equal(after.state, 'active');
    assert.equal(after.tier, before.tier);
    assert.equal(await locationExists({ ...after, databaseName: operation!.databaseName }), false, 'the half-built target is gone');
    const created = await withTenantData(tenantId, 'retrieval', (tx) => tx.document.create({ data: { tenantId, title: 'after rollback', contentHash: 'rb' } }));
    assert.equal(created.title, 'after rollback');
  });

  test('the audit chain recorded every step and verifies end to end', async () => {
    const events = await collectChain(tenantId);
    const steps = events.filter((event) => event.action === 'placement.migrate').map((event) => event.target);
    for (const step of ['create_role', 'copy', 'verify', 'switch', 'destroy_old', 'succeeded', 'rolled_back']) {
      assert.ok(
        steps.some((target) => target?.endsWith(`:${step}`)),
        `audited ${step}`,
      );
    }
    const result = await verifyChain(events, { tenantId });
    assert.equal(result.ok, true);
    // Positive control: the verifier rejects the same chain with one event altered.
    const tampered = events.map((event, index) => (index === 3 ? { ...event, target: 'prompt:forged' } : event));
    assert.equal((await verifyChain(tampered, { tenantId })).ok, false);
  });
});
