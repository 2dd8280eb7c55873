import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { closePlacementPools } from '@/lib/placement/pool-registry-instance';
import { upgradeSharedSchema } from '@/lib/placement/upgrade-placements';
import { readTenantData } from '@/lib/placement/read-tenant-data';
import { createTestTenant } from '@/lib/testing/fixtures';
import { searchChunks } from './search-chunks';
import { ingestText, testActor } from './test-helpers';
import { detectVectorSupport } from './vector-support';

/** A stand-in `/v1/embeddings`: a bag of words hashed into 32 dimensions, deterministic. */
function embed(text: string): number[] {
  const vector = new Array<number>(32).fill(0);
  for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) vector[[...word].reduce((sum, char) => sum + char.charCodeAt(0), 0) % 32] += 1;
  return vector;
}

describe('optional embeddings over the embedded server (no pgvector)', () => {
  let server: Server;
  let isFailing = false;
  let requests = 0;
  let tenant: { id: string; slug: string; name: string };

  before(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (part) => (body += part));
      request.on('end', () => {
        requests++;
        if (isFailing) return void response.writeHead(503).end();
        const { input } = JSON.parse(body) as { input: string[] };
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ data: input.map((text, index) => ({ index, embedding: embed(text) })) }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    process.env.BULKHEAD_EMBEDDINGS_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    await upgradeSharedSchema();
    tenant = await createTestTenant('kb-embed');
  });

  after(async () => {
    delete process.env.BULKHEAD_EMBEDDINGS_URL;
    server.close();
    await closePlacementPools();
    await disconnectAllPrismaClients();
  });

  test('the embedded server has no pgvector: detection says so', async () => {
    assert.equal(await readTenantData(tenant.id, 'retrieval', (client) => detectVectorSupport(client)), 'absent');
  });

  test('with an endpoint configured, chunks get embeddings and search fuses both scores', async () => {
    const stored = await ingestText(
      tenant,
      'ropes.md',
      '# Ropes\n\nMooring lines are checked before every departure.\n\n## Knots\n\nA bowline holds under load.',
    );
    assert.equal(stored.hasEmbeddings, true);
    const result = await searchChunks(tenant.id, { text: 'mooring lines departure' }, { actor: testActor, requestId: crypto.randomUUID() });
    assert.equal(result.mode, 'hybrid');
    assert.equal(result.vectorSupport, 'absent');
    assert.ok(result.matches.length > 0 && result.matches.every((match) => match.vectorScore !== null));
    assert.match(result.matches[0].text, /Mooring lines/);
  });

  test('when the endpoint fails, ingestion and search fall back to full text', async () => {
    isFailing = true;
    const before = requests;
    try {
      const stored = await ingestText(tenant, 'anchors.md', '# Anchors\n\nThe anchor chain is marked every shackle.');
      assert.equal(stored.hasEmbeddings, false);
      const result = await searchChunks(tenant.id, { text: 'anchor chain shackle' }, { actor: testActor, requestId: crypto.randomUUID() });
      assert.equal(result.mode, 'full_text');
      assert.match(result.matches[0].text, /anchor chain/);
      assert.ok(requests > before, 'the endpoint was tried');
    } finally {
      isFailing = false;
    }
  });
});
