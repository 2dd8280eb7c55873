import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { closeTenantSqlPools } from '@/lib/tenancy/with-tenant-sql';
import { configurePipeline } from './pipeline-config';
import { createClient, createGatewayTenant, readStream, startGatewayHarness, type GatewayHarness } from './testing/gateway-harness';

// The paired prefix-cache test against the local model (a vLLM-style cache keyed by cache_salt).
// Every tenant gets the SAME long system prompt here, so only the salt can keep caches apart.
const SHARED_PREFIX = Array.from({ length: 80 }, (_, index) => `Policy clause ${index} applies to every claim.`).join(' ');
const messages = [{ role: 'user' as const, content: 'What does clause 7 say?' }];

describe('prefix-cache isolation over HTTP', () => {
  let harness: GatewayHarness;
  let restore: () => void;
  let clientA: OpenAI;
  let clientB: OpenAI;

  before(async () => {
    harness = await startGatewayHarness();
    restore = configurePipeline({
      promptConfigSource: { getActiveConfig: async (_tenant, canary) => ({ systemPrompt: `${SHARED_PREFIX} Marker ${canary}.`, canaries: [canary], version: 'test' }) },
    });
    clientA = createClient(harness, (await createGatewayTenant('gw-cache-a')).apiKey);
    clientB = createClient(harness, (await createGatewayTenant('gw-cache-b')).apiKey);
  });
  after(async () => {
    restore();
    await harness.close();
    await closeTenantSqlPools();
    await disconnectAllPrismaClients();
  });

  test('positive control: without salts the simulator shares cached blocks between callers', async () => {
    harness.model.clearPrefixCache();
    const direct = new OpenAI({ baseURL: `${harness.model.url}/v1`, apiKey: 'x', maxRetries: 0 });
    const body = { model: 'sim-small', messages: [{ role: 'system' as const, content: SHARED_PREFIX }, ...messages] };
    await direct.chat.completions.create(body);
    const second = await direct.chat.completions.create(body);
    assert.ok((second.usage?.prompt_tokens_details?.cached_tokens ?? 0) > 0);
  });

  test('same tenant hits its cache; another tenant with the same prefix gets 0 (non-streaming)', async () => {
    harness.model.clearPrefixCache();
    await clientA.chat.completions.create({ model: 'sim-small', messages });
    const again = await clientA.chat.completions.create({ model: 'sim-small', messages });
    assert.ok((again.usage?.prompt_tokens_details?.cached_tokens ?? 0) > 0, 'same tenant: cached tokens > 0');
    const other = await clientB.chat.completions.create({ model: 'sim-small', messages });
    assert.equal(other.usage?.prompt_tokens_details?.cached_tokens, 0, 'other tenant: 0');
  });

  test('the same holds for streams', async () => {
    harness.model.clearPrefixCache();
    await readStream(clientB, { model: 'sim-small', stream: true, messages });
    const again = await readStream(clientB, { model: 'sim-small', stream: true, messages });
    assert.ok((again.cachedTokens ?? 0) > 0);
    const other = await readStream(clientA, { model: 'sim-small', stream: true, messages });
    assert.equal(other.cachedTokens, 0);
  });

  test('a client-supplied cache_salt is ignored: it neither joins nor splits caches', async () => {
    harness.model.clearPrefixCache();
    const withSalt = { model: 'sim-small', messages, cache_salt: 'shared-by-attacker' } as OpenAI.ChatCompletionCreateParamsNonStreaming;
    await clientA.chat.completions.create(withSalt);
    const other = await clientB.chat.completions.create(withSalt);
    assert.equal(other.usage?.prompt_tokens_details?.cached_tokens, 0, 'the same client salt does not join A and B');
    const own = await clientA.chat.completions.create({ ...withSalt, cache_salt: 'something-else' } as OpenAI.ChatCompletionCreateParamsNonStreaming);
    assert.ok((own.usage?.prompt_tokens_details?.cached_tokens ?? 0) > 0, 'a different client salt does not split A from its own cache');
    const received = harness.model.getReceivedRequests().map((request) => (request.body as { cache_salt?: string }).cache_salt);
    assert.ok(received.every((salt) => salt !== 'shared-by-attacker' && salt !== 'something-else'));
  });
});
