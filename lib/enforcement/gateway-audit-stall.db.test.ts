import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { closeTenantSqlPools } from '@/lib/tenancy/with-tenant-sql';
import { createClient, createGatewayTenant, readStream, startGatewayHarness, type GatewayHarness } from './testing/gateway-harness';
import { lockChainHead } from './testing/lock-chain-head';
import { findRequestAuditEvents } from './testing/read-audit';

// Appends wait for a held lock up to the statement timeout; the upstream's deadline is far shorter, so a
// stalled audit path outlives it while the append still succeeds in the end.
process.env.BULKHEAD_SQL_STATEMENT_TIMEOUT_MS = '10000';
const UPSTREAM_TIMEOUT_MS = 1_000;

describe('a stalled audit path while a stream waits for its start event', () => {
  let harness: GatewayHarness;
  let tenant: Awaited<ReturnType<typeof createGatewayTenant>>;
  const body = { model: 'sim-small', stream: true, messages: [{ role: 'user', content: 'Say "pong"' }] };

  before(async () => {
    harness = await startGatewayHarness({ upstreamTimeoutMs: UPSTREAM_TIMEOUT_MS });
    tenant = await createGatewayTenant('gw-audit-stall');
  });
  after(async () => {
    await harness.close();
    await closeTenantSqlPools();
    await disconnectAllPrismaClients();
  });

  /** Holds the tenant's chain head row locked, as a stuck appender would, for `ms`; resolves with when it let go. */
  async function holdChainHead(ms: number, whileHeld: () => void): Promise<number> {
    const lock = await lockChainHead(tenant.id);
    try {
      whileHeld();
      await sleep(ms);
    } finally {
      await lock.release();
    }
    return performance.now();
  }

  function sendStream() {
    return fetch(`${harness.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(async (response) => ({ response, at: performance.now(), text: await response.text() }));
  }

  test('positive control: a lock shorter than the upstream deadline only delays the stream', async () => {
    let sent!: ReturnType<typeof sendStream>;
    await holdChainHead(200, () => (sent = sendStream()));
    const { response, text } = await sent;
    assert.equal(response.status, 200);
    assert.match(text, /"content":"pong"/);
    assert.match(text, /data: \[DONE\]/);
  });

  test('held past the upstream deadline: 503 naming the audit log with a reference, nothing sent before the start event, the stream closed in the log', async () => {
    let sent!: ReturnType<typeof sendStream>;
    const releasedAt = await holdChainHead(UPSTREAM_TIMEOUT_MS * 2.5, () => (sent = sendStream()));
    const { response, at, text } = await sent;
    const requestId = response.headers.get('x-request-id')!;

    // Not "upstream timeout": the model answered; the gateway's own audit path was what stalled.
    assert.equal(response.status, 503, text);
    const { error } = JSON.parse(text) as { error: { message: string; type: string; code: string } };
    assert.equal(error.code, 'audit_unavailable');
    assert.equal(error.type, 'service_unavailable');
    assert.match(error.message, /audit log/i);
    assert.ok(error.message.includes(`Reference: ${requestId}`), error.message);
    assert.doesNotMatch(error.message, /upstream|model endpoint|SELECT|audit_heads|\n\s+at /i);
    // No byte of the answer (not even the stream's headers) left before the lock was released and its event was durable.
    assert.ok(at >= releasedAt, 'the response came only after the audit path moved again');
    assert.doesNotMatch(text, /pong/);

    const events = await findRequestAuditEvents(tenant.id, requestId);
    assert.deepEqual(
      events.map((event) => [event.payload.phase, event.outcome, event.payload.trace.error?.code ?? null]),
      [
        ['stream_start', 'success', null],
        ['stream_end', 'failure', 'audit_unavailable'],
      ],
    );
  });

  test('the official SDK sees the same OpenAI-style error, and answers again once the lock is gone', async () => {
    const client = createClient(harness, tenant.apiKey);
    let streamed!: ReturnType<typeof readStream>;
    await holdChainHead(UPSTREAM_TIMEOUT_MS * 2.5, () => (streamed = readStream(client, body as Parameters<typeof readStream>[1])));
    const stalled = await streamed;
    assert.equal(stalled.text, '');
    assert.equal((stalled.error as { status?: number } | null)?.status, 503, String(stalled.error));
    assert.equal((stalled.error as { code?: string }).code, 'audit_unavailable');
    const again = await readStream(client, body as Parameters<typeof readStream>[1]);
    assert.equal(again.text, 'pong');
  });
});
