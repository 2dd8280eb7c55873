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
      promptConfigSource: {
        getActiveConfig: async (_tenant, canary) => ({ systemPrompt: `${SHARED_PREFIX} Marker ${canary}.`, canaries: [canary], version: 'test' }),
        getChosenConfig: async () => null,
      },
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

  test('a client-supplied cache_salt is refused with the reason, and never reaches the upstream', async () => {
    harness.model.clearReceivedRequests();
    const withSalt = { model: 'sim-small', messages, cache_salt: 'shared-by-attacker' } as OpenAI.ChatCompletionCreateParamsNonStreaming;
    await assert.rejects(clientA.chat.completions.create(withSalt), (error: unknown) => {
      assert.ok(error instanceof OpenAI.BadRequestError);
      assert.equal((error.error as { param?: string }).param, 'cache_salt');
      assert.match(error.message, /'cache_salt' is refused: the gateway sets the prompt-cache salt itself, per tenant/);
      return true;
    });
    assert.equal(harness.model.getReceivedRequests().length, 0, 'nothing was sent upstream');
    // Positive control: the same request without the salt does reach the upstream.
    await clientA.chat.completions.create({ model: 'sim-small', messages });
    assert.equal(harness.model.getReceivedRequests().length, 1);
  });
});
