import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { createGatewayTenant } from '@/lib/enforcement/testing/gateway-harness';
import { findRequestAuditEvents } from '@/lib/enforcement/testing/read-audit';
import { closeTenantSqlPools } from '@/lib/tenancy/with-tenant-sql';
import { startLocalModel, type LocalModel } from '@/scripts/local-model/server';
import { postChatCompletion, startGatewayProcess } from './testing/gateway-process';

interface Outcome {
  requestId: string | null;
  isStream: boolean;
  status: number;
  /** Headers arrived before SIGTERM was sent. */
  startedBeforeSignal: boolean;
  /** A complete answer: a JSON completion, or a stream that reached `data: [DONE]`. */
  isAnswered: boolean;
  /** The request failed after its response had begun (a cut answer). */
  wasCut: boolean;
}

// SIGTERM to a real gateway process under load (plain requests and slow streams): it stops accepting,
// finishes what is in flight, and exits 0; every request answered has its audit events committed.
describe('gateway graceful shutdown', () => {
  let model: LocalModel;
  let tenant: Awaited<ReturnType<typeof createGatewayTenant>>;

  before(async () => {
    model = await startLocalModel({ slowDelayMs: 50, slowChunkDelayMs: 30 });
    tenant = await createGatewayTenant('gw-shutdown', { burst: 100_000, requestsPerMinute: 1_000_000 });
  });
  after(async () => {
    await model.close();
    await closeTenantSqlPools();
    await disconnectAllPrismaClients();
  });

  test('SIGTERM under load: 0 answered requests without an audit event, streams in flight finish', async () => {
    const gateway = await startGatewayProcess({ BULKHEAD_LOCAL_MODEL_URL: model.url });
    let signalSentAt = Infinity;
    const outcomes: Outcome[] = [];
    let streamsInFlight = 0;

    async function send(isStream: boolean): Promise<Outcome> {
      const outcome: Outcome = { requestId: null, isStream, status: 0, startedBeforeSignal: false, isAnswered: false, wasCut: false };
      let response: Response;
      try {
        response = await postChatCompletion(gateway, tenant.apiKey, { model: isStream ? 'sim-slow' : 'sim-small', stream: isStream });
      } catch {
        return outcome; // refused: the server no longer accepts connections
      }
      outcome.status = response.status;
      outcome.requestId = response.headers.get('x-request-id');
      outcome.startedBeforeSignal = performance.now() < signalSentAt;
      if (isStream) streamsInFlight += 1;
      try {
        const text = await response.text();
        outcome.isAnswered = response.status === 200 && (isStream ? text.endsWith('data: [DONE]\n\n') : JSON.parse(text).choices.length === 1);
        if (response.status === 200 && !outcome.isAnswered) outcome.wasCut = true;
      } catch {
        outcome.wasCut = true;
      } finally {
        if (isStream) streamsInFlight -= 1;
      }
      return outcome;
    }

    // 12 clients in a loop (4 of them streaming slowly) until the gateway refuses connections.
    const clients = Array.from({ length: 12 }, async (_, index) => {
      for (;;) {
        const outcome = await send(index % 3 === 0);
        outcomes.push(outcome);
        if (outcome.status === 0) return;
      }
    });
    // SIGTERM once the gateway is warm and busy, with streams under way (a slow machine takes longer).
    const deadline = Date.now() + 60_000;
    while (!(outcomes.filter((outcome) => outcome.isAnswered).length >= 20 && streamsInFlight > 0) && Date.now() < deadline) await sleep(10);
    signalSentAt = performance.now();
    const exitCode = await gateway.stop();
    await Promise.all(clients);

    assert.equal(exitCode, 0, 'the gateway exited cleanly after draining');
    const answered = outcomes.filter((outcome) => outcome.isAnswered);
    assert.ok(answered.length >= 20, `positive control: the gateway was under load (${answered.length} answered)`);
    const drainedStreams = answered.filter((outcome) => outcome.isStream && outcome.startedBeforeSignal);
    assert.ok(drainedStreams.length > 0, 'streams in flight at SIGTERM were finished');
    assert.deepEqual(
      outcomes.filter((outcome) => outcome.wasCut),
      [],
      'no answer was cut off',
    );

    const unaudited: string[] = [];
    for (const outcome of answered) {
      const events = await findRequestAuditEvents(tenant.id, outcome.requestId!);
      const phases = events.map((event) => event.payload.phase).sort();
      const expected = outcome.isStream ? ['stream_end', 'stream_start'] : ['request'];
      if (JSON.stringify(phases) !== JSON.stringify(expected)) unaudited.push(`${outcome.requestId}: ${phases.join(',')}`);
    }
    assert.deepEqual(unaudited, [], `answered requests without their audit events (of ${answered.length})`);
  });
});
