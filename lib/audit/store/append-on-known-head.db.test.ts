import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type pg from 'pg';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { getDefaultPlacement } from '@/lib/placement/get-placement';
import { setAuditChainFrozen } from '@/lib/audit/store/audit-chain-freeze';
import { createTestTenant } from '@/lib/testing/fixtures';
import { buildBeginWithTenantContext } from '@/lib/tenancy/tenant-context';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { closeTenantSqlPools, connectAppClient } from '@/lib/tenancy/with-tenant-sql';
import { appendAuditEvents } from './append-events';
import { appendOnKnownHead, forgetAuditHeads, rememberAuditHead, SHARED_CHAIN_KEY } from './append-on-known-head';
import { getAuditChainStore } from './chain-store';
import { makeEventFields } from './db-test-helpers';
import { recordAuditEvent } from './record-event';
import { verifyTenantChain } from './verify-tenant-chain';

/** Runs appendOnKnownHead on an app-role client (a fresh one unless given), counting the round trips it makes. */
async function appendCounting(tenantId: string, labels: string[], connected?: pg.PoolClient) {
  const client = connected ?? (await connectAppClient());
  let roundTrips = 0;
  const counted = new Proxy(client, {
    get(target, property, receiver) {
      if (property !== 'query') return Reflect.get(target, property, receiver);
      return (...args: Parameters<pg.PoolClient['query']>) => {
        roundTrips += 1;
        return (target.query as (...a: unknown[]) => unknown)(...args);
      };
    },
  });
  try {
    const fields = labels.map((label, index) => makeEventFields(index, label));
    const events = await appendOnKnownHead(counted, SHARED_CHAIN_KEY, buildBeginWithTenantContext(tenantId), tenantId, fields);
    return { events, roundTrips };
  } finally {
    client.release();
  }
}

async function storedSeqs(tenantId: string): Promise<number[]> {
  const seqs: number[] = [];
  for await (const event of getAuditChainStore(tenantId).streamEvents()) seqs.push(event.seq);
  return seqs;
}

describe('appending on the head this process wrote last (one round trip)', () => {
  after(async () => {
    await closeTenantSqlPools();
    await disconnectAllPrismaClients();
  });

  test('a batch on a known head commits in one round trip, continues the chain and verifies', async () => {
    const tenant = await createTestTenant('known-head');
    const first = await recordAuditEvent({ tenantId: tenant.id, ...makeEventFields(1, 'locked') });
    const { events, roundTrips } = await appendCounting(tenant.id, ['fast-a', 'fast-b', 'fast-c']);
    assert.equal(roundTrips, 1);
    assert.deepEqual(
      events?.map((event) => event.seq),
      [first.seq + 1, first.seq + 2, first.seq + 3],
    );
    assert.equal(events?.[0].prevHash, first.hash);
    assert.deepEqual(await storedSeqs(tenant.id), [1, 2, 3, 4]);
    assert.equal((await getAuditChainStore(tenant.id).getHead())?.hash, events?.[2].hash);
    assert.equal((await verifyTenantChain(tenant.id, { checkedBy: 'test' })).ok, true);
  });

  test('without a known head it writes nothing and says so (positive control for the counter: no round trip at all)', async () => {
    const tenant = await createTestTenant('no-head');
    await recordAuditEvent({ tenantId: tenant.id, ...makeEventFields(1, 'locked') });
    forgetAuditHeads(tenant.id);
    const { events, roundTrips } = await appendCounting(tenant.id, ['fast']);
    assert.equal(events, null);
    assert.equal(roundTrips, 0);
    assert.deepEqual(await storedSeqs(tenant.id), [1]);
  });

  test('a stale head (another writer appended since) writes nothing; the next append takes the lock and the chain stays gapless', async () => {
    const tenant = await createTestTenant('stale-head');
    await recordAuditEvent({ tenantId: tenant.id, ...makeEventFields(1, 'locked') });
    // An admin change appends inside its own transaction, as another process would.
    await withTenant(tenant.id, (tx) => appendAuditEvents(tx, tenant.id, [makeEventFields(2, 'other-writer')]));
    const { events, roundTrips } = await appendCounting(tenant.id, ['stale-a', 'stale-b']);
    assert.equal(events, null);
    assert.equal(roundTrips, 1);
    assert.deepEqual(await storedSeqs(tenant.id), [1, 2]);

    await recordAuditEvent({ tenantId: tenant.id, ...makeEventFields(3, 'after') });
    assert.deepEqual(await storedSeqs(tenant.id), [1, 2, 3]);
    assert.equal((await verifyTenantChain(tenant.id, { checkedBy: 'test' })).ok, true);
  });

  test('two writers holding the same known head at once (two processes): exactly one commits, the other writes nothing', async () => {
    const tenant = await createTestTenant('racing-heads');
    const first = await recordAuditEvent({ tenantId: tenant.id, ...makeEventFields(1, 'locked') });
    const head = { tenantId: tenant.id, seq: first.seq, hash: first.hash, time: first.time };
    const clients = await Promise.all([connectAppClient(), connectAppClient()]);
    // Each call takes the hint synchronously as it starts, so both build on the same head.
    const race = ['writer-a', 'writer-b'].map((label, index) => {
      rememberAuditHead(SHARED_CHAIN_KEY, tenant.id, head);
      return appendCounting(tenant.id, [`${label}-1`, `${label}-2`], clients[index]);
    });
    const outcomes = await Promise.all(race);
    assert.deepEqual(outcomes.map(({ events }) => (events ? 'committed' : 'nothing')).sort(), ['committed', 'nothing']);
    assert.deepEqual(await storedSeqs(tenant.id), [1, 2, 3]);
    assert.equal((await verifyTenantChain(tenant.id, { checkedBy: 'test' })).ok, true);
  });

  test('a frozen head (the chain is being moved) writes nothing even when the known head is right', async () => {
    const tenant = await createTestTenant('frozen-head');
    const first = await recordAuditEvent({ tenantId: tenant.id, ...makeEventFields(1, 'locked') });
    await setAuditChainFrozen(getDefaultPlacement(tenant.id, 'logs'), true);
    try {
      rememberAuditHead(SHARED_CHAIN_KEY, tenant.id, { tenantId: tenant.id, seq: first.seq, hash: first.hash, time: first.time });
      const { events } = await appendCounting(tenant.id, ['while-frozen']);
      assert.equal(events, null);
      assert.deepEqual(await storedSeqs(tenant.id), [1]);
    } finally {
      await setAuditChainFrozen(getDefaultPlacement(tenant.id, 'logs'), false);
    }
  });
});
