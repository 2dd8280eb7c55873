import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { closePlacementPools } from '@/lib/placement/pool-registry-instance';
import { upgradeSharedSchema } from '@/lib/placement/upgrade-placements';
import { ingestText, testActor } from '@/lib/retrieval/test-helpers';
import { searchChunks } from '@/lib/retrieval/search-chunks';
import { closeTenantSqlPools } from '@/lib/tenancy/with-tenant-sql';
import { embedText } from '@/scripts/local-model/respond-embeddings';
import { startLocalModel, type LocalModel } from '@/scripts/local-model/server';
import { getDefaultPromptCanary } from '@/lib/canaries/canary-registry';
import { createEndpoint } from '@/lib/control/endpoints/manage-endpoints';
import { createClient, createGatewayTenant, startGatewayHarness, type GatewayHarness } from './testing/gateway-harness';
import { findLeakedCanaryIncidents, findRequestAuditEvents } from './testing/read-audit';

const embeddingRequests = (model: LocalModel) => model.getReceivedRequests().filter((request) => request.path === '/v1/embeddings');

// POST /v1/embeddings through real HTTP, the route handler and the official SDK, routed by tier.
describe('embeddings through the gateway', () => {
  let harness: GatewayHarness;
  let ownModel: LocalModel;
  let tenantA: Awaited<ReturnType<typeof createGatewayTenant>>;
  let tenantB: Awaited<ReturnType<typeof createGatewayTenant>>;
  let dedicated: Awaited<ReturnType<typeof createGatewayTenant>>;
  let clientA: OpenAI;

  before(async () => {
    harness = await startGatewayHarness();
    ownModel = await startLocalModel();
    await upgradeSharedSchema();
    tenantA = await createGatewayTenant('gw-emb-a');
    tenantB = await createGatewayTenant('gw-emb-b');
    dedicated = await createGatewayTenant('gw-emb-ded', { promptTier: 'dedicated' });
    clientA = createClient(harness, tenantA.apiKey);
  });
  after(async () => {
    delete process.env.BULKHEAD_EMBEDDINGS_URL;
    delete process.env.BULKHEAD_EMBEDDINGS_MODEL;
    delete process.env.BULKHEAD_UPSTREAM_PRIVATE_HOSTS;
    await ownModel.close();
    await harness.close();
    await closePlacementPools();
    await closeTenantSqlPools();
    await disconnectAllPrismaClients();
  });

  test('the official SDK gets deterministic vectors (base64 on the wire, as it asks by default), audited', async () => {
    harness.model.clearReceivedRequests();
    const result = await clientA.embeddings.create({ model: 'sim-embed', input: ['mooring lines', 'anchor chain'], user: 'bob' });
    assert.equal(result.data.length, 2);
    assert.deepEqual(
      result.data[0].embedding,
      embedText('mooring lines').map((value) => Math.fround(value)),
    );
    const [upstream] = embeddingRequests(harness.model);
    const sent = upstream.body as { input: string[]; user: string; encoding_format: string };
    assert.deepEqual(sent.input, ['mooring lines', 'anchor chain']);
    assert.equal(sent.encoding_format, 'base64');
    assert.match(sent.user, /^u_/, 'the end-user id goes upstream hashed');

    const events = (await findRequestAuditEvents(tenantA.id, result._request_id!)).filter((event) => event.action === 'inference.request');
    assert.equal(events.length, 1);
    assert.equal(events[0].outcome, 'success');
    assert.equal(events[0].payload.trace.api, 'embeddings');
    assert.equal(events[0].payload.trace.endpoint.scope, 'shared');
    assert.equal(typeof events[0].payload.requestSha256, 'string');
  });

  test("input holding another tenant's canary is blocked before the upstream, with incidents for both", async () => {
    const canaryB = await getDefaultPromptCanary(tenantB.id);
    harness.model.clearReceivedRequests();
    const since = new Date();
    await assert.rejects(clientA.embeddings.create({ model: 'sim-embed', input: ['fine', `also ${canaryB}`] }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.PermissionDeniedError);
      assert.ok(!JSON.stringify(error.error).includes(canaryB));
      return true;
    });
    assert.equal(embeddingRequests(harness.model).length, 0);
    const incidentsB = await findLeakedCanaryIncidents(tenantB.id, tenantA.id, since);
    assert.equal(incidentsB.length, 1);
    assert.equal(incidentsB[0].kind, 'cross_tenant_bleed');
    // Positive control: the same request without the canary goes through.
    await clientA.embeddings.create({ model: 'sim-embed', input: ['fine'] });
    assert.equal(embeddingRequests(harness.model).length, 1);
  });

  test("the tenant's rate limit applies to embeddings too", async () => {
    const limited = await createGatewayTenant('gw-emb-limited', { burst: 1, requestsPerMinute: 1 });
    const client = createClient(harness, limited.apiKey);
    await client.embeddings.create({ model: 'sim-embed', input: 'first' });
    await assert.rejects(client.embeddings.create({ model: 'sim-embed', input: 'second' }), OpenAI.RateLimitError);
  });

  test('bad input is a clear 400: token ids, an unknown parameter', async () => {
    await assert.rejects(
      clientA.embeddings.create({ model: 'sim-embed', input: [1, 2, 3] }),
      (error: unknown) => error instanceof OpenAI.BadRequestError && error.param === 'input' && /token ids/.test(error.message),
    );
    await assert.rejects(
      clientA.embeddings.create({ model: 'sim-embed', input: 'x', tenant: 'b' } as unknown as OpenAI.EmbeddingCreateParams),
      (error: unknown) => error instanceof OpenAI.BadRequestError && error.param === 'tenant',
    );
  });

  test('a dedicated tenant embeds only on its own endpoint, never the shared pool', async () => {
    const client = createClient(harness, dedicated.apiKey);
    await assert.rejects(
      client.embeddings.create({ model: 'sim-embed', input: 'x' }),
      (error: unknown) => error instanceof OpenAI.APIError && error.status === 503,
    );
    // The tenant's own model server is on loopback here: the platform allow-lists it (not public otherwise).
    process.env.BULKHEAD_UPSTREAM_PRIVATE_HOSTS = new URL(ownModel.url).host;
    await createEndpoint(
      { scope: 'dedicated', tenantId: dedicated.id },
      { name: 'own', baseUrl: `${ownModel.url}/v1`, kind: 'simulator', models: [], apiKey: '', timeoutMs: 10_000 },
      { actor: testActor, requestId: crypto.randomUUID() },
    );
    harness.model.clearReceivedRequests();
    ownModel.clearReceivedRequests();
    await client.embeddings.create({ model: 'sim-embed', input: 'dedicated text' });
    assert.equal(embeddingRequests(ownModel).length, 1);
    assert.equal(embeddingRequests(harness.model).length, 0);
  });

  test("the knowledge base, routed by tenant, embeds a tenant's documents where its tier says", async () => {
    process.env.BULKHEAD_EMBEDDINGS_URL = 'tenant-route';
    process.env.BULKHEAD_EMBEDDINGS_MODEL = 'sim-embed';
    harness.model.clearReceivedRequests();
    ownModel.clearReceivedRequests();
    const shared = await ingestText(tenantA, 'ropes.md', '# Ropes\n\nMooring lines are checked before every departure.');
    assert.equal(shared.hasEmbeddings, true);
    assert.ok(embeddingRequests(harness.model).length > 0 && embeddingRequests(ownModel).length === 0, 'namespace tenant: shared pool');
    harness.model.clearReceivedRequests();
    const own = await ingestText(dedicated, 'knots.md', '# Knots\n\nA bowline holds under load.');
    assert.equal(own.hasEmbeddings, true);
    assert.ok(embeddingRequests(ownModel).length > 0, 'dedicated tenant: its own endpoint');
    assert.equal(embeddingRequests(harness.model).length, 0, 'and never the shared pool');
    const result = await searchChunks(dedicated.id, { text: 'bowline load' }, { actor: testActor, requestId: crypto.randomUUID() });
    assert.equal(result.mode, 'hybrid');
    assert.equal(embeddingRequests(harness.model).length, 0);
  });
});
