import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { closeTenantSqlPools } from '@/lib/tenancy/with-tenant-sql';
import { createGatewayTenant, startGatewayHarness, type GatewayHarness } from './testing/gateway-harness';
import { findRequestAuditEvents } from './testing/read-audit';

const ANSWER = 'A long streamed answer, sent slowly in small pieces. '.repeat(40);

/** Starts a slow stream over real HTTP, reads until some content arrived, then aborts the connection. */
async function abortMidStream(harness: GatewayHarness, apiKey: string) {
  const controller = new AbortController();
  const response = await fetch(`${harness.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'sim-slow', stream: true, messages: [{ role: 'user', content: 'Tell me everything.' }] }),
    signal: controller.signal,
  });
  assert.equal(response.status, 200);
  const requestId = response.headers.get('x-request-id')!;
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let raw = '';
  let received = '';
  while (received.length === 0) {
    const next = await reader.read();
    assert.ok(!next.done, 'the stream ended before any content arrived');
    raw += decoder.decode(next.value, { stream: true });
    received = [...raw.matchAll(/^data: (\{.*\})$/gm)].map((match) => JSON.parse(match[1]).choices?.[0]?.delta?.content ?? '').join('');
  }
  controller.abort();
  return { requestId, received };
}

async function waitForStreamEnd(tenantId: string, requestId: string) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const events = await findRequestAuditEvents(tenantId, requestId);
    const end = events.find((event) => event.payload.phase === 'stream_end');
    if (end) return { end, phases: events.map((event) => event.payload.phase) };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { end: null, phases: (await findRequestAuditEvents(tenantId, requestId)).map((event) => event.payload.phase) };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

// Both doors at once: they share this process's pipeline (and its cached model endpoint).
describe('a client that aborts mid-stream, over real HTTP', () => {
  const harnesses: Partial<Record<'gateway' | 'console', GatewayHarness>> = {};
  let tenant: Awaited<ReturnType<typeof createGatewayTenant>>;

  before(async () => {
    harnesses.gateway = await startGatewayHarness();
    harnesses.console = await startGatewayHarness({ door: 'console' });
    for (const harness of Object.values(harnesses)) harness.model.setInjectOutput(ANSWER);
    tenant = await createGatewayTenant('gw-abort');
  });
  after(async () => {
    for (const harness of Object.values(harnesses)) await harness.close();
    await closeTenantSqlPools();
    await disconnectAllPrismaClients();
  });

  for (const door of ['gateway', 'console'] as const) {
    test(`${door} door: stream_end still reaches the audit chain, hashing exactly the text that was sent`, async () => {
      const { requestId, received } = await abortMidStream(harnesses[door]!, tenant.apiKey);
      assert.ok(received.length > 0 && received.length < ANSWER.length, 'positive control: the abort came mid-answer');
      const { end, phases } = await waitForStreamEnd(tenant.id, requestId);
      assert.ok(end, `no stream_end was recorded (phases: ${phases.join(', ')})`);
      assert.deepEqual(phases, ['stream_start', 'stream_end']);
      assert.equal(end.outcome, 'failure');
      assert.equal(end.payload.trace.error.code, 'client_closed');
      // The gateway may have written a little more than the client read before it hung up: the
      // recorded answer is a prefix of the model's text that starts with what the client saw.
      const sentLength = [...Array(ANSWER.length + 1).keys()].find((length) => sha256(ANSWER.slice(0, length)) === end.payload.answerSha256);
      assert.ok(sentLength !== undefined, 'the recorded hash is of a prefix of the answer');
      assert.ok(sentLength >= received.length && sentLength < ANSWER.length, `recorded ${sentLength} characters, client read ${received.length}`);
    });
  }
});
