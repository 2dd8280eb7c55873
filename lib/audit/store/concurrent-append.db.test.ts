import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { createTestTenant } from '@/lib/testing/fixtures';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { canonicalJson } from '../canonical-json';
import { buildNextEvent } from '../hash-chain';
import { getAuditChainStore } from './chain-store';
import { appendAuditEvents } from './append-events';
import { makeEventFields } from './db-test-helpers';
import { recordAuditEvent } from './record-event';
import { verifyTenantChain } from './verify-tenant-chain';

const APPENDERS = 50;
const EVENTS_EACH = 3;
// Each appender below holds its own connection while it waits for the tenant's head lock: give the pool
// room for all of them (the file runs in its own process, so this pool is this file's alone).
process.env.BULKHEAD_DB_POOL_SIZE = String(APPENDERS + 5);

/** What a correct chain looks like after `expected` appends: seq 1..expected once each, and it verifies. */
async function checkChain(tenantId: string, expected: number): Promise<string[]> {
  const faults: string[] = [];
  const seqs: number[] = [];
  for await (const event of getAuditChainStore(tenantId).streamEvents()) seqs.push(event.seq);
  if (seqs.length !== expected) faults.push(`${seqs.length} events stored, ${expected} appended`);
  if (seqs.some((seq, index) => seq !== index + 1)) faults.push('the seqs are not 1..n without gaps');
  const status = await verifyTenantChain(tenantId, { checkedBy: 'test' });
  if (!status.ok) faults.push(`verification: ${status.problem?.detail}`);
  return faults;
}

describe('concurrent appenders on one tenant', () => {
  after(() => disconnectAllPrismaClients());

  test(`${APPENDERS} appenders × ${EVENTS_EACH} events each through recordAuditEvent: one gapless, verifiable chain`, async () => {
    const tenant = await createTestTenant('concurrent-append');
    const results = await Promise.allSettled(
      Array.from({ length: APPENDERS }, async (_, appender) => {
        for (let n = 0; n < EVENTS_EACH; n++) {
          await recordAuditEvent({ tenantId: tenant.id, ...makeEventFields(appender * EVENTS_EACH + n, `appender-${appender}`) });
        }
      }),
    );
    const failures = results.flatMap((result) => (result.status === 'rejected' ? [String((result.reason as Error)?.message).slice(0, 300)] : []));
    assert.deepEqual(failures, []);
    assert.deepEqual(await checkChain(tenant.id, APPENDERS * EVENTS_EACH), []);
    const head = await getAuditChainStore(tenant.id).getHead();
    assert.equal(head?.seq, APPENDERS * EVENTS_EACH);
  });

  test(`${APPENDERS} appenders, each in its own transaction (the lock alone serializes them): one gapless, verifiable chain`, async () => {
    const tenant = await createTestTenant('concurrent-transactions');
    const results = await Promise.allSettled(
      Array.from({ length: APPENDERS }, (_, appender) =>
        withTenant(tenant.id, (tx) => appendAuditEvents(tx, tenant.id, [makeEventFields(appender, `transaction-${appender}`)])),
      ),
    );
    const failures = results.flatMap((result) => (result.status === 'rejected' ? [String((result.reason as Error)?.message).slice(0, 300)] : []));
    assert.deepEqual(failures, []);
    assert.deepEqual(await checkChain(tenant.id, APPENDERS), []);
  });

  test('positive control: appenders that read the head without the lock lose or break events, and the check sees it', async () => {
    const tenant = await createTestTenant('naive-append');
    // The classic bug: read the newest event, build the next, insert, with nothing serializing appenders.
    const naiveAppend = (n: number) =>
      withTenant(tenant.id, async (tx) => {
        const [last] = await tx.$queryRaw<{ seq: bigint; hash: string; time: Date }[]>`
          SELECT seq, hash, time FROM audit_events WHERE tenant_id = ${tenant.id}::uuid ORDER BY seq DESC LIMIT 1`;
        const head = last ? { tenantId: tenant.id, seq: Number(last.seq), hash: last.hash, time: last.time.toISOString() } : null;
        const event = buildNextEvent(head, { tenantId: tenant.id, ...makeEventFields(n, 'naive') });
        await new Promise((resolve) => setTimeout(resolve, 5));
        await tx.$executeRaw`INSERT INTO audit_events (tenant_id, seq, time, actor_type, actor_id, actor_label, action, target, request_id, outcome, payload_json, prev_hash, hash)
          VALUES (${tenant.id}::uuid, ${event.seq}, ${event.time}::timestamptz, ${event.actor.type}, ${event.actor.id}, ${event.actor.label ?? null}, ${event.action},
            ${event.target}, ${event.requestId}, ${event.outcome}, ${canonicalJson(event.payload)}, ${event.prevHash}, ${event.hash})`;
      });
    await Promise.allSettled(Array.from({ length: 20 }, (_, n) => naiveAppend(n)));
    const faults = await checkChain(tenant.id, 20);
    assert.ok(faults.length > 0, 'twenty racing naive appenders produced a correct chain: the check would not see a race');
  });
});
