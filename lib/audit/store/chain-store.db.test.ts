import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { createTestTenant } from '@/lib/testing/fixtures';
import { withTenant } from '@/lib/tenancy/with-tenant';
import type { AuditEvent } from '../event';
import { appendAuditEvents } from './append-events';
import type { AuditChainStore } from './chain-store';
import { makeEventFields } from './db-test-helpers';
import { createSharedTableChainStore } from './shared-table-chain-store';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('the shared-table chain store', () => {
  let tenantId: string;
  before(async () => {
    tenantId = (await createTestTenant('chain-store')).id;
    // 30 events; only seq 3 and 4 mention "needle".
    const batch = Array.from({ length: 30 }, (_, index) => makeEventFields(index + 1, 'store', index === 2 || index === 3 ? { target: 'the needle' } : {}));
    await withTenant(tenantId, (tx) => appendAuditEvents(tx, tenantId, batch));
  });
  after(() => disconnectAllPrismaClients());

  test('streams in seq order across batches, from and to a seq', async () => {
    const store = createSharedTableChainStore(tenantId);
    const all = await collect(store.streamEvents({ batchSize: 7 }));
    assert.deepEqual(
      all.map((event) => event.seq),
      Array.from({ length: 30 }, (_, index) => index + 1),
    );
    const middle = await collect(store.streamEvents({ fromSeq: 11, toSeq: 20, batchSize: 4 }));
    assert.deepEqual(
      middle.map((event) => event.seq),
      Array.from({ length: 10 }, (_, index) => index + 11),
    );
  });

  test('a stream abandoned half-way leaves no stray failure behind', async () => {
    const store = createSharedTableChainStore(tenantId);
    for await (const event of store.streamEvents({ batchSize: 5 })) if (event.seq === 3) break;
    assert.equal((await store.findEvents({ limit: 1 })).events[0].seq, 30);
  });

  test('free text looks through a bounded window per page and says where to go on', async () => {
    const store: AuditChainStore = createSharedTableChainStore(tenantId, { textSearchWindow: 10 });
    const pages: { seqs: number[]; next: number | null }[] = [];
    let beforeSeq: number | undefined;
    do {
      const page = await store.findEvents({ text: 'NEEDLE', limit: 5, beforeSeq });
      pages.push({ seqs: page.events.map((event: AuditEvent) => event.seq), next: page.nextBeforeSeq });
      beforeSeq = page.nextBeforeSeq ?? undefined;
    } while (beforeSeq !== undefined);
    assert.deepEqual(pages, [
      { seqs: [], next: 21 },
      { seqs: [], next: 11 },
      { seqs: [4, 3], next: null },
    ]);
  });

  test('without free text a page is full until the chain ends', async () => {
    const store = createSharedTableChainStore(tenantId, { textSearchWindow: 10 });
    const first = await store.findEvents({ limit: 25 });
    assert.deepEqual([first.events.length, first.nextBeforeSeq], [25, 6]);
    const second = await store.findEvents({ limit: 25, beforeSeq: 6 });
    assert.deepEqual([second.events.map((event) => event.seq), second.nextBeforeSeq], [[5, 4, 3, 2, 1], null]);
  });
});
