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
import { copyHashedStoredEvents } from './copy-hashed-stored-events';
import { copyStoredEvents } from './copy-stored-events';
import { appendTestEvents, makeEventFields, tamperAsOwner } from './db-test-helpers';
import type { HashedStoredEvent } from './hash-stored-rows';
import { getStoredRowHasher } from './stored-row-hasher';

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
  let tamperedTenantId: string;
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
    tamperedTenantId = (await createTestTenant('copy-read-tampered')).id;
    await appendTestEvents(tamperedTenantId, 8, 'tampered');
    expected = [];
    for await (const event of getAuditChainStore(tenantId).streamEvents()) expected.push(event);
  });
  after(async () => {
    await closeTenantSqlPools();
    await disconnectAllPrismaClients();
  });

  test('reads every event exactly as the row reader does, and each hashes to its stored hash', async () => {
    const stored = await collect(copyStoredEvents(tenantId));
    assert.equal(stored.length, 40);
    assert.deepEqual(stored.map(toAuditEvent), expected);
    for (const event of stored) assert.equal(computeStoredEventHash(event), event.hash, `seq ${event.seq}`);
  });

  test("the verifier's read hashes the same in the worker thread and on the main thread, escapes included", async () => {
    assert.notEqual(await getStoredRowHasher(), null, 'under node --import tsx the hashing worker runs');
    const links = (events: HashedStoredEvent[]) =>
      events.map(({ tenantId, seq, time, prevHash, hash, computedHash }) => ({ tenantId, seq, time, prevHash, hash, computedHash }));
    const inWorker = await collect(getAuditChainStore(tenantId).streamStoredEvents());
    const inThread = await collect(copyHashedStoredEvents(tenantId, { inThread: true }));
    const fromRows = expected.map(({ tenantId, seq, time, prevHash, hash }) => ({ tenantId, seq, time, prevHash, hash, computedHash: hash }));
    assert.deepEqual(links(inWorker), fromRows);
    assert.deepEqual(links(inThread), fromRows);
  });

  test('a changed row comes back whole from the worker, with what it hashes to instead', async () => {
    await tamperAsOwner((owner) =>
      owner.query(`UPDATE audit_events SET target = 'changed' WHERE tenant_id = $1 AND seq = 5`, [tamperedTenantId]).then(() => {}),
    );
    for (const inThread of [false, true]) {
      const events = await collect(copyHashedStoredEvents(tamperedTenantId, { inThread, batchRows: 3 }));
      const changed = events.filter((event) => event.computedHash !== event.hash);
      assert.deepEqual(
        changed.map((event) => event.seq),
        [5],
        `in thread: ${inThread}`,
      );
      assert.equal((changed[0] as unknown as StoredEventText).target, 'changed');
      assert.equal(events.length, 8);
    }
  });

  test('the same across small batches with the socket paused every few rows, and from a seq', async () => {
    const stored = await collect(copyStoredEvents(tenantId, { batchRows: 7, maxBufferedBytes: 2_000 }));
    assert.deepEqual(
      stored.map((event) => event.seq),
      expected.map((event) => event.seq),
    );
    assert.deepEqual(stored.map(toAuditEvent), expected);
    const tail = await collect(copyStoredEvents(tenantId, { fromSeq: 33, batchRows: 3 }));
    assert.deepEqual(
      tail.map((event) => event.seq),
      [33, 34, 35, 36, 37, 38, 39, 40],
    );
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
