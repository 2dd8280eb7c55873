import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type pg from 'pg';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { createTestTenant } from '@/lib/testing/fixtures';
import { buildBeginWithTenantContext } from '@/lib/tenancy/tenant-context';
import { closeTenantSqlPools, connectAppClient } from '@/lib/tenancy/with-tenant-sql';
import { SHARED_CHAIN_KEY, takeKnownHeadAppend } from './append-on-known-head';
import { getAuditChainStore } from './chain-store';
import { makeEventFields } from './db-test-helpers';
import { appendKnownHeadInGroup, type ConnectForAppend } from './group-known-head-appends';
import { recordAuditEvent } from './record-event';
import { verifyTenantChain } from './verify-tenant-chain';

/** The app role's lean pool, counting the connections (one per grouped transaction) taken from it. */
function countingConnect() {
  const counter = { transactions: 0 };
  const connect: ConnectForAppend = async (use) => {
    counter.transactions += 1;
    return use(await connectAppClient());
  };
  return { counter, connect };
}

async function storedSeqs(tenantId: string): Promise<number[]> {
  const seqs: number[] = [];
  for await (const event of getAuditChainStore(tenantId).streamEvents()) seqs.push(event.seq);
  return seqs;
}

/** A tenant whose chain this process has written, so its head is known. */
async function createTenantWithKnownHead(label: string) {
  const tenant = await createTestTenant(label);
  await recordAuditEvent({ tenantId: tenant.id, ...makeEventFields(1, label) });
  return tenant;
}

describe("different tenants' known-head appends committed together", () => {
  after(async () => {
    await closeTenantSqlPools();
    await disconnectAllPrismaClients();
  });

  test('appends of several tenants arriving together share one transaction, and every chain continues and verifies', async () => {
    const tenants = await Promise.all(['group-a', 'group-b', 'group-c', 'group-d'].map(createTenantWithKnownHead));
    const { counter, connect } = countingConnect();
    const appended = await Promise.all(
      tenants.map((tenant, index) => {
        const known = takeKnownHeadAppend(SHARED_CHAIN_KEY, tenant.id, [makeEventFields(2, `grouped-${index}`), makeEventFields(3, `grouped-${index}`)]);
        assert.ok(known, 'this process wrote the head, so it is known');
        return appendKnownHeadInGroup('test-group', connect, 5_000, known, null);
      }),
    );
    assert.equal(counter.transactions, 1, 'one transaction for the four tenants');
    for (const [index, tenant] of tenants.entries()) {
      assert.deepEqual(
        appended[index]?.map((event) => event.seq),
        [2, 3],
      );
      assert.deepEqual(await storedSeqs(tenant.id), [1, 2, 3]);
      assert.equal((await verifyTenantChain(tenant.id, { checkedBy: 'test' })).ok, true);
    }
  });

  test("an append sent under tenant A's setting that names B's chain writes nothing to either (positive control: under B's it commits)", async () => {
    const [a, b] = await Promise.all([createTenantWithKnownHead('group-attacker'), createTenantWithKnownHead('group-victim')]);
    const { connect } = countingConnect();
    const forB = takeKnownHeadAppend(SHARED_CHAIN_KEY, b.id, [makeEventFields(2, 'forged')]);
    assert.ok(forB);
    // The statement is B's; the setting the grouped transaction puts before it is A's.
    const forged = await appendKnownHeadInGroup('test-group', connect, 5_000, { ...forB, tenantId: a.id }, null);
    assert.equal(forged, null, 'row-level security hid B’s head, so the conditional append matched nothing');
    assert.deepEqual(await storedSeqs(b.id), [1]);
    assert.deepEqual(await storedSeqs(a.id), [1]);

    const genuine = takeKnownHeadAppend(SHARED_CHAIN_KEY, b.id, [makeEventFields(2, 'genuine')]);
    // The forged attempt took the hint; B's next event goes under the head lock and makes it known again.
    assert.equal(genuine, null);
    await recordAuditEvent({ tenantId: b.id, ...makeEventFields(2, 'genuine') });
    const again = takeKnownHeadAppend(SHARED_CHAIN_KEY, b.id, [makeEventFields(3, 'genuine')]);
    assert.ok(again);
    const committed = await appendKnownHeadInGroup('test-group', connect, 5_000, again, null);
    assert.deepEqual(
      committed?.map((event) => event.seq),
      [3],
    );
    assert.equal((await verifyTenantChain(b.id, { checkedBy: 'test' })).ok, true);
  });

  test('a tenant whose head is held elsewhere does not hold up the others in its group: they commit, it waits alone', async () => {
    const [stalled, other] = await Promise.all([createTenantWithKnownHead('group-stalled'), createTenantWithKnownHead('group-free')]);
    const holder: pg.PoolClient = await connectAppClient();
    await holder.query(buildBeginWithTenantContext(stalled.id));
    await holder.query('SELECT 1 FROM audit_heads WHERE tenant_id = $1 FOR UPDATE', [stalled.id]);
    let released = false;
    try {
      const started = Date.now();
      const stalledAppend = recordAuditEvent({ tenantId: stalled.id, ...makeEventFields(2, 'stalled') }).then((event) => {
        assert.ok(released, 'the held head was released before the stalled tenant committed');
        return event;
      });
      const freeEvent = await recordAuditEvent({ tenantId: other.id, ...makeEventFields(2, 'free') });
      const freeMs = Date.now() - started;
      assert.equal(freeEvent.seq, 2);
      assert.ok(freeMs < 3_000, `the other tenant committed after ${freeMs} ms, not after the stalled tenant's wait`);
      released = true;
      await holder.query('COMMIT');
      assert.equal((await stalledAppend).seq, 2);
      assert.deepEqual(await storedSeqs(stalled.id), [1, 2]);
      assert.equal((await verifyTenantChain(stalled.id, { checkedBy: 'test' })).ok, true);
    } finally {
      if (!released) await holder.query('ROLLBACK').catch(() => {});
      holder.release();
    }
  });
});
