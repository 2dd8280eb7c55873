import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { closeTenantSqlPools } from '@/lib/tenancy/with-tenant-sql';
import { revokeApiKey } from '@/lib/auth/api-keys/manage-api-keys';
import { createClient, createGatewayTenant, readStream, startGatewayHarness, type GatewayHarness } from './testing/gateway-harness';
import { lockChainHead } from './testing/lock-chain-head';
import { findRequestAuditEvents } from './testing/read-audit';

process.env.BULKHEAD_SQL_STATEMENT_TIMEOUT_MS = '1000';

async function expectStatus(promise: Promise<unknown>, status: number, code?: string): Promise<string> {
  let requestId = '';
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof OpenAI.APIError, String(error));
    assert.equal(error.status, status);
    if (code) assert.equal((error.error as { code?: string }).code, code);
    assert.doesNotMatch(JSON.stringify(error.error), /at \w+ \(|SELECT|INSERT|stack/i, 'no stack or SQL');
    requestId = error.requestID ?? '';
    return true;
  });
  return requestId;
}

describe('gateway failures over HTTP', () => {
  let harness: GatewayHarness;
  let tenant: Awaited<ReturnType<typeof createGatewayTenant>>;
  let client: OpenAI;
  const ask = (model: string) => ({ model, messages: [{ role: 'user' as const, content: 'Say "pong"' }] });

  before(async () => {
    harness = await startGatewayHarness({ upstreamTimeoutMs: 1_500 });
    tenant = await createGatewayTenant('gw-fault');
    client = createClient(harness, tenant.apiKey);
  });
  after(async () => {
    await harness.close();
    await closeTenantSqlPools();
    await disconnectAllPrismaClients();
  });

  test('positive control: sim-small answers', async () => {
    const answer = await client.chat.completions.create(ask('sim-small'));
    assert.equal(answer.choices[0].message.content, 'pong');
  });

  for (const [model, status, code] of [
    ['sim-timeout', 504, 'upstream_timeout'],
    ['sim-500', 502, 'upstream_error'],
    ['sim-garbled', 502, 'upstream_invalid_response'],
  ] as const) {
    test(`${model}: ${status} with an audit event`, async () => {
      const requestId = await expectStatus(client.chat.completions.create(ask(model)), status, code);
      const [event] = await findRequestAuditEvents(tenant.id, requestId);
      assert.equal(event.outcome, 'failure');
      assert.equal(event.payload.trace.error.code, code);
    });
  }

  test('a garbled stream ends with an error event and both stream audit events', async () => {
    const result = await readStream(client, { ...ask('sim-garbled'), stream: true });
    assert.ok(result.error instanceof OpenAI.APIError);
    const timeout = await readStream(client, { ...ask('sim-timeout'), stream: true });
    assert.ok(timeout.error instanceof OpenAI.APIError && timeout.error.status === 504, String(timeout.error));
    // sim-slow starts answering, then outlives the deadline mid-stream: an error, never a quietly cut-off answer.
    const cut = await readStream(client, { model: 'sim-slow', stream: true, messages: [{ role: 'user', content: `Say "${'long answer '.repeat(40)}"` }] });
    assert.ok(cut.error instanceof OpenAI.APIError, `a truncated stream must fail, got text ${JSON.stringify(cut.text)}`);
  });

  test('audit store unavailable means no answer', async () => {
    // Hold this tenant's chain head locked, as a stuck appender would: the gateway cannot append.
    const lock = await lockChainHead(tenant.id);
    try {
      harness.model.clearReceivedRequests();
      await expectStatus(client.chat.completions.create(ask('sim-small')), 503, 'audit_unavailable');
      const stream = await readStream(client, { ...ask('sim-small'), stream: true });
      assert.equal(stream.text, '', 'no streamed text without the start event');
      assert.ok(stream.error instanceof OpenAI.APIError);
    } finally {
      await lock.release();
    }
    const answer = await client.chat.completions.create(ask('sim-small'));
    assert.equal(answer.choices[0].message.content, 'pong', 'positive control: answers again once the log is back');
  });

  test('a revoked key is refused on the very next request', async () => {
    const other = await createGatewayTenant('gw-revoke');
    const otherClient = createClient(harness, other.apiKey);
    await otherClient.chat.completions.create(ask('sim-small'));
    await revokeApiKey(other.id, { keyId: other.keyId, actor: { type: 'system', id: 'test' }, requestId: 'test-revoke' });
    await expectStatus(otherClient.chat.completions.create(ask('sim-small')), 401, 'invalid_api_key');
  });

  test("a key's use is recorded for the keys page, on that key only", async () => {
    const [used, idle] = [await createGatewayTenant('gw-used'), await createGatewayTenant('gw-idle')];
    const lastUsed = async (tenantId: string) =>
      (await withPlatformSystemAccess('test', (tx) => tx.apiKey.findFirst({ where: { tenantId }, select: { lastUsedAt: true } })))?.lastUsedAt ?? null;
    const before = Date.now();
    await createClient(harness, used.apiKey).chat.completions.create(ask('sim-small'));
    // Written off the request's path: wait for it briefly.
    let seen: Date | null = null;
    for (let attempt = 0; attempt < 50 && !seen; attempt++) {
      seen = await lastUsed(used.id);
      if (!seen) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(seen && seen.getTime() >= before - 1_000, 'the used key has a last-used time');
    assert.equal(await lastUsed(idle.id), null, "the other tenant's unused key has none");
  });

  test('unknown, malformed, missing and offboarded-tenant keys are refused with 401', async () => {
    for (const key of ['bhk_' + 'A'.repeat(43), 'sk-not-ours', tenant.apiKey.slice(0, -1) + (tenant.apiKey.endsWith('A') ? 'B' : 'A')]) {
      await expectStatus(createClient(harness, key).chat.completions.create(ask('sim-small')), 401);
    }
    const response = await fetch(`${harness.baseURL}/chat/completions`, { method: 'POST', body: JSON.stringify(ask('sim-small')) });
    assert.equal(response.status, 401);
    const gone = await createGatewayTenant('gw-offboarded');
    await withPlatformSystemAccess('test', (tx) => tx.tenant.update({ where: { id: gone.id }, data: { status: 'offboarded' } }));
    await expectStatus(createClient(harness, gone.apiKey).chat.completions.create(ask('sim-small')), 401);
  });

  test('rate limit: 429 with Retry-After once the burst is spent', async () => {
    const limited = await createGatewayTenant('gw-rate', { burst: 2, requestsPerMinute: 6 });
    const limitedClient = createClient(harness, limited.apiKey);
    await limitedClient.chat.completions.create(ask('sim-small'));
    await limitedClient.chat.completions.create(ask('sim-small'));
    const response = await fetch(`${harness.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${limited.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(ask('sim-small')),
    });
    assert.equal(response.status, 429);
    assert.ok(Number(response.headers.get('retry-after')) >= 1);
    assert.equal((await response.json()).error.type, 'rate_limit_error');
  });

  test('validation errors are 400 in OpenAI shape and name the parameter', async () => {
    await expectStatus(client.chat.completions.create({ model: 'sim-small', messages: [] }), 400);
    const response = await fetch(`${harness.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.apiKey}` },
      body: JSON.stringify({ ...ask('sim-small'), tenant_id: 'someone-else' }),
    });
    assert.equal(response.status, 400);
    assert.equal((await response.json()).error.param, 'tenant_id');
    assert.ok(Number(response.headers.get('x-bulkhead-overhead-ms')) >= 0);
  });
});
