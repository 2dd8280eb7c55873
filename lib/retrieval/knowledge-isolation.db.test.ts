import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { registerCanary } from '@/lib/canaries/canary-registry';
import { startTestKms, type TestKms } from '@/lib/kms/test-kms';
import { destroyLocation } from '@/lib/placement/destroy-location';
import type { Placement } from '@/lib/placement/get-placement';
import type { Tier } from '@/lib/placement/layers';
import { closePlacementPools } from '@/lib/placement/pool-registry-instance';
import { provisionPlacement } from '@/lib/placement/provision-placement';
import { upgradeSharedSchema } from '@/lib/placement/upgrade-placements';
import { withTenantData } from '@/lib/placement/with-tenant-data';
import { createCanaryToken } from '@/lib/canaries/canary-token';
import { createTestTenant } from '@/lib/testing/fixtures';
import { findDocuments } from './find-documents';
import { searchChunks } from './search-chunks';
import { searchKnowledgeSchema } from './knowledge-schemas';
import { ingestText, testActor } from './test-helpers';

// For every tier: tenant A searches while tenant B holds a near-duplicate of A's query and a
// canary. Each attack has a positive control (B finds its own), so a blind harness cannot pass.
const tiers: Tier[] = ['namespace', 'schema_kms', 'dedicated'];
const query = 'How does the harbour pilot board a vessel at night?';
const handbookA = `# Harbour operations\n\nThe harbour pilot boards a vessel from the pilot launch. At night the pilot boards on the lee side with deck lights on.\n\n## Tugs\n\nTugs assist vessels above 200 metres.`;

for (const tier of tiers) {
  describe(`knowledge base isolation at ${tier}`, () => {
    let kms: TestKms;
    const tenants: Record<'a' | 'b', { id: string; slug: string; name: string }> = {} as never;
    const placements: Partial<Record<'a' | 'b', Placement>> = {};
    const canaryOfB = createCanaryToken();
    const search = (side: 'a' | 'b', input: Parameters<typeof searchChunks>[1]) =>
      searchChunks(tenants[side].id, input, { actor: testActor, requestId: crypto.randomUUID() });

    before(async () => {
      kms = await startTestKms();
      await upgradeSharedSchema();
      for (const side of ['a', 'b'] as const) {
        tenants[side] = await createTestTenant(`kb-${tier}-${side}`);
        placements[side] = await provisionPlacement(tenants[side].id, 'retrieval', tier);
      }
      await ingestText(tenants.a, 'harbour.md', handbookA);
    });

    after(async () => {
      if (tier !== 'namespace') for (const placement of Object.values(placements)) await destroyLocation(placement!);
      await closePlacementPools();
      await disconnectAllPrismaClients();
      await kms.stop();
    });

    test("B's near-duplicate and canary never reach A; A's results and scores do not change when B's data arrives", async () => {
      const alone = await search('a', { text: query });
      assert.ok(alone.matches.length > 0, 'A finds its own handbook');

      await registerCanary(tenants.b.id, canaryOfB, 'knowledge-test');
      const nearDuplicate = `# Harbour operations\n\n${query} The harbour pilot boards a vessel at night from the pilot launch, pilot pilot harbour night. Marker ${canaryOfB}.`;
      const ofB = await ingestText(tenants.b, 'harbour-b.md', nearDuplicate);
      const own = await search('b', { text: query });
      assert.ok(
        own.matches.some((match) => match.documentId === ofB.id && match.text.includes(canaryOfB)),
        'positive control: B retrieves its chunk and canary',
      );

      const withB = await search('a', { text: query });
      assert.ok(!withB.matches.some((match) => match.documentId === ofB.id || match.text.includes(canaryOfB)));
      const project = (result: typeof alone) => result.matches.map((match) => ({ id: match.chunkId, score: match.score, textScore: match.textScore }));
      assert.deepEqual(project(withB), project(alone), 'same chunks, same order, same scores');
    });

    test('a client-supplied filter or namespace naming B is ignored', async () => {
      const [documentOfB] = await findDocuments(tenants.b.id);
      assert.ok(documentOfB, 'B has a document to aim at');
      const byIds = await search('a', { text: query, documentIds: [documentOfB.id] });
      assert.deepEqual(byIds.matches, []);
      const control = await search('b', { text: query, documentIds: [documentOfB.id] });
      assert.ok(control.matches.length > 0, 'positive control: the same filter works for B');

      const forged = searchKnowledgeSchema.parse({ query, tenantId: tenants.b.id, namespace: tenants.b.slug, tenant: tenants.b.slug });
      assert.deepEqual(Object.keys(forged).sort(), ['query']);
      const result = await search('a', { text: forged.query });
      assert.ok(result.matches.length > 0 && result.matches.every((match) => match.documentId !== documentOfB.id));
    });

    test("a document claiming B in its metadata is stored under the uploader's tenant", async () => {
      const claiming = `---\ntenant: ${tenants.b.slug}\ntenant_id: ${tenants.b.id}\n---\n# Customs forms\n\nFile form C88 for every container of quarantine goods.`;
      const stored = await ingestText(tenants.a, 'customs.md', claiming);
      const ofA = await findDocuments(tenants.a.id);
      const ofB = await findDocuments(tenants.b.id);
      assert.ok(ofA.some((document) => document.id === stored.id));
      assert.ok(!ofB.some((document) => document.id === stored.id));
      const [row] = await withTenantData(tenants.a.id, 'retrieval', (tx) => tx.document.findMany({ where: { id: stored.id }, select: { tenantId: true } }));
      assert.equal(row.tenantId, tenants.a.id);
      const fromB = await search('b', { text: 'quarantine containers customs form' });
      assert.equal(fromB.matches.length, 0);
    });

    test('chunk text is sealed under the tenant key where the tier encrypts', async () => {
      const rows = await withTenantData(tenants.a.id, 'retrieval', (tx) => tx.chunk.findMany({ select: { content: true } }));
      assert.ok(rows.length > 0);
      if (tier === 'namespace') assert.ok(rows.some((row) => row.content.includes('pilot')));
      else assert.ok(rows.every((row) => row.content.startsWith('bh1.') && !row.content.includes('pilot')));
    });
  });
}
