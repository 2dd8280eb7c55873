import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { createTestTenant } from '@/lib/testing/fixtures';
import { closeTenantSqlPools } from '@/lib/tenancy/with-tenant-sql';
import { withTenant } from '@/lib/tenancy/with-tenant';
import type { AuditEvent } from '../event';
import { computeStoredEventHash, toAuditEvent, type StoredEventText } from '../stored-event-hash';
import { appendAuditEvents } from './append-events';
import { getAuditChainStore } from './chain-store';
import { copyStoredEvents } from './copy-stored-events';
import { appendTestEvents, makeEventFields } from './db-test-helpers';

async function collect<T>(batches: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const batch of batches) out.push(...batch);
  return out;
}

// The verifier's COPY reader against real rows: what it reads must be exactly what the row-by-row reader
// (streamEvents) reads, escapes and nulls included, across batches and with the socket paused for backpressure.
describe('reading stored events with COPY', () => {
  let tenantId: string;
  let otherTenantId: string;
  let expected: AuditEvent[];

  before(async () => {
    tenantId = (await createTestTenant('copy-read')).id;
    otherTenantId = (await createTestTenant('copy-read-other')).id;
    const tricky = Array.from({ length: 40 }, (_, index) =>
      makeEventFields(index + 1, 'copy', {
        actor: index % 2 ? { type: 'user', id: `u\\${index}\t"x"`, label: `line\nbreak é😀 \\N ${index}` } : { type: 'api_key', id: `key-${index}` },
        target: index % 3 ? `tab\there\r\\back` : null,
        payload: { text: `a\tb\nc\\d "q" \u0001 ${'ü'.repeat(index * 50)}`, n: index, list: [1.5, -2, null] },
      }),
    );
    await withTenant(tenantId, (tx) => appendAuditEvents(tx, tenantId, tricky));
    await appendTestEvents(otherTenantId, 25, 'other');
    expected = [];
    for await (const event of getAuditChainStore(tenantId).streamEvents()) expected.push(event);
  });
  after(async () => {
    await closeTenantSqlPools();
    await disconnectAllPrismaClients();
  });

  test('reads every event exactly as the row reader does, and each hashes to its stored hash', async () => {
    const stored = await collect(getAuditChainStore(tenantId).streamStoredEvents());
    assert.equal(stored.length, 40);
    assert.deepEqual(stored.map(toAuditEvent), expected);
    for (const event of stored) assert.equal(computeStoredEventHash(event), event.hash, `seq ${event.seq}`);
  });

  test('the same across small batches with the socket paused every few rows, and from a seq', async () => {
    const stored = await collect(copyStoredEvents(tenantId, { batchRows: 7, maxBufferedBytes: 2_000 }));
    assert.deepEqual(stored.map((event) => event.seq), expected.map((event) => event.seq));
    assert.deepEqual(stored.map(toAuditEvent), expected);
    const tail = await collect(copyStoredEvents(tenantId, { fromSeq: 33, batchRows: 3 }));
    assert.deepEqual(tail.map((event) => event.seq), [33, 34, 35, 36, 37, 38, 39, 40]);
  });

  test("only the tenant's own events; an unknown tenant reads nothing", async () => {
    const other = await collect(copyStoredEvents(otherTenantId));
    assert.equal(other.length, 25);
    assert.ok(other.every((event: StoredEventText) => event.tenantId === otherTenantId && event.requestId.startsWith('other-')));
    assert.deepEqual(await collect(copyStoredEvents(crypto.randomUUID())), []);
  });

  test('a reader stopped half-way releases its connection and leaves no failure behind', async () => {
    for (let round = 0; round < 3; round++) {
      for await (const batch of copyStoredEvents(tenantId, { batchRows: 5, maxBufferedBytes: 1_000 })) if (batch.length > 0) break;
    }
    const again = await collect(copyStoredEvents(tenantId));
    assert.equal(again.length, 40, 'positive control: the pool still serves a full read');
  });
});
