import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import OpenAI from 'openai';
import { createEndpoint } from '@/lib/control/endpoints/manage-endpoints';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { testActor } from '@/lib/retrieval/test-helpers';
import { closeTenantSqlPools } from '@/lib/tenancy/with-tenant-sql';
import { startLocalModel, type LocalModel } from '@/scripts/local-model/server';
import { invalidateEndpoints } from './route-endpoint';
import { createClient, createGatewayTenant, startGatewayHarness, type GatewayHarness } from './testing/gateway-harness';

// Server-side request forgery through a tenant's own endpoint: a dedicated endpoint naming a
// loopback or private address (as a literal in any spelling, or a hostname resolving to one) is
// refused before any connection, over real HTTP, unless the platform allow-lists the host. The
// "internal service" is a second model simulator on loopback; its request log shows whether the
// gateway reached it.
describe('gateway egress to dedicated endpoints', () => {
  let harness: GatewayHarness;
  let internal: LocalModel;
  let port: string;

  before(async () => {
    harness = await startGatewayHarness();
    internal = await startLocalModel();
    port = new URL(internal.url).port;
  });
  beforeEach(() => {
    delete process.env.BULKHEAD_UPSTREAM_PRIVATE_HOSTS;
    internal.clearReceivedRequests();
  });
  after(async () => {
    delete process.env.BULKHEAD_UPSTREAM_PRIVATE_HOSTS;
    await internal.close();
    await harness.close();
    await closeTenantSqlPools();
    await disconnectAllPrismaClients();
  });

  /** A dedicated tenant whose own endpoint is `baseUrl` (stored as is: the console's form refuses literals earlier). */
  async function tenantWithEndpoint(label: string, baseUrl: string) {
    const tenant = await createGatewayTenant(label, { promptTier: 'dedicated' });
    await createEndpoint(
      { scope: 'dedicated', tenantId: tenant.id },
      { name: 'own', baseUrl, kind: 'simulator', models: [], apiKey: '', timeoutMs: 10_000 },
      { actor: testActor, requestId: crypto.randomUUID() },
    );
    return tenant;
  }

  const ask = { model: 'sim-small', messages: [{ role: 'user' as const, content: 'What is the refund window?' }] };

  async function expectRefused(client: OpenAI) {
    await assert.rejects(client.chat.completions.create(ask), (error: unknown) => {
      assert.ok(error instanceof OpenAI.APIError && error.status === 502, String(error));
      const body = JSON.stringify(error.error);
      assert.equal((error.error as { code?: string }).code, 'upstream_refused');
      assert.match(body, /Reference: [0-9a-f-]{36}/, 'a reference the server log holds');
      for (const detail of ['localhost', '127.0.0.1', port, 'ffff', '::1']) assert.ok(!body.includes(detail), `the error tells the tenant ${detail}`);
      return true;
    });
    await assert.rejects(
      client.embeddings.create({ model: 'sim-embed', input: 'x' }),
      (error: unknown) => error instanceof OpenAI.APIError && error.status === 502,
    );
    assert.equal(internal.getReceivedRequests().length, 0, 'the internal service was reached');
  }

  for (const host of ['localhost', '127.0.0.1', '[::1]', '[::ffff:127.0.0.1]', '2130706433', '0177.0.0.1', '0x7f.1']) {
    test(`http://${host}:<port> is refused for chat and embeddings, and nothing reaches the address`, async () => {
      const tenant = await tenantWithEndpoint(`egress-${host.replace(/\W/g, '')}`, `http://${host}:${port}/v1`);
      await expectRefused(createClient(harness, tenant.apiKey));
    });
  }

  test('positive control: once the platform allow-lists the host, the same endpoint is reached', async () => {
    const tenant = await tenantWithEndpoint('egress-allowed', `http://localhost:${port}/v1`);
    const client = createClient(harness, tenant.apiKey);
    await expectRefused(client);
    process.env.BULKHEAD_UPSTREAM_PRIVATE_HOSTS = `localhost:${port}`;
    invalidateEndpoints(tenant.id);
    const answer = await client.chat.completions.create(ask);
    assert.ok(answer.choices[0].message.content);
    assert.equal(internal.getReceivedRequests().filter((request) => request.path === '/v1/chat/completions').length, 1);
  });

  test("an endpoint's failure reaches the tenant as a reference, never the upstream's status or text", async () => {
    process.env.BULKHEAD_UPSTREAM_PRIVATE_HOSTS = `localhost:${port}`;
    const tenant = await tenantWithEndpoint('egress-failing', `http://localhost:${port}/v1`);
    await assert.rejects(createClient(harness, tenant.apiKey).chat.completions.create({ ...ask, model: 'sim-500' }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.APIError && error.status === 502);
      assert.match(error.message, /The model endpoint failed\. Reference: [0-9a-f-]{36}/);
      assert.ok(!error.message.includes('500'), error.message);
      return true;
    });
  });
});
