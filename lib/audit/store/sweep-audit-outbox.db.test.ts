import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { startTestKms, type TestKms } from '@/lib/kms/test-kms';
import { setAuditChainFrozen } from '@/lib/placement/audit-chain-freeze';
import { destroyLocation } from '@/lib/placement/destroy-location';
import { getPlacement, type Placement } from '@/lib/placement/get-placement';
import { collectChain, recordTestEvents } from '@/lib/placement/logs-layer-test-helpers';
import { migrateLayer } from '@/lib/placement/migrate-layer';
import { closePlacementPools } from '@/lib/placement/pool-registry-instance';
import { upgradeSharedSchema } from '@/lib/placement/upgrade-placements';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { createTestTenant } from '@/lib/testing/fixtures';
import { toAuditSqlClient } from './append-events';
import { getAuditChainStore } from './chain-store';
import { holdInOutbox, type HeldEventFields } from './audit-outbox';
import { relayAuditOutbox } from './relay-audit-outbox';
import { sweepAuditOutbox } from './sweep-audit-outbox';
import { verifyTenantChain } from './verify-tenant-chain';

const change = (requestId: string): HeldEventFields => ({ actor: { type: 'user', id: 'admin-1' }, action: 'tenant.update', target: 'profile', requestId, outcome: 'success', payload: { requestId } });

/** Holds events as an admin change does (in the app role's tenant transaction), without asking for a relay. */
async function hold(tenantId: string, requestIds: string[]) {
  await withTenant(tenantId, (tx) => holdInOutbox(toAuditSqlClient(tx), tenantId, requestIds.map(change)));
}

/** How many events the tenant holds, as the relay (the platform role) sees them: reading the chain would relay them. */
async function countHeld(tenantId: string): Promise<number> {
  const [{ n }] = await withPlatformSystemAccess('test: audit outbox sweep', (tx) => tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_outbox WHERE tenant_id = ${tenantId}::uuid`);
  return n;
}

describe('the audit outbox sweep', () => {
  let kms: TestKms;
  let tenantId: string;
  let placement: Placement;

  before(async () => {
    kms = await startTestKms();
    await upgradeSharedSchema();
    tenantId = (await createTestTenant('outbox-sweep')).id;
    await recordTestEvents(tenantId, 2, 'outbox-sweep');
    await migrateLayer(tenantId, 'logs', 'schema_kms');
    placement = await getPlacement(tenantId, 'logs');
  });
  after(async () => {
    await destroyLocation(placement);
    await closePlacementPools();
    await disconnectAllPrismaClients();
    await kms.stop();
  });

  test('events held while the chain was frozen are relayed by the sweep, with nobody reading the chain', async () => {
    await setAuditChainFrozen(placement, true);
    try {
      await hold(tenantId, ['frozen-1', 'frozen-2', 'frozen-3']);
      assert.ok((await sweepAuditOutbox()).includes(tenantId), 'the sweep found the held events');
      assert.equal(await countHeld(tenantId), 3, 'a frozen chain takes nothing: the events stay held');
    } finally {
      await setAuditChainFrozen(placement, false);
    }
    assert.equal(await countHeld(tenantId), 3, 'thawing relays nothing by itself');

    await sweepAuditOutbox();
    assert.equal(await countHeld(tenantId), 0);
    const chain = await collectChain(tenantId);
    for (const requestId of ['frozen-1', 'frozen-2', 'frozen-3']) assert.equal(chain.filter((event) => event.requestId === requestId).length, 1, requestId);
    assert.deepEqual(chain.slice(-3).map((event) => event.requestId), ['frozen-1', 'frozen-2', 'frozen-3'], 'in the order they were held');
  });

  test('two sweeps at once (as two processes: no shared queue) relay each event exactly once, a bounded batch per sweep', async () => {
    const requestIds = Array.from({ length: 300 }, (_, n) => `race-${n}`);
    // The head, not the chain: reading the chain would relay what is held.
    const headBefore = (await getAuditChainStore(tenantId).getHead())!.seq;
    await hold(tenantId, requestIds);
    const sweepTwice = () => Promise.all([sweepAuditOutbox({ relay: relayAuditOutbox }), sweepAuditOutbox({ relay: relayAuditOutbox })]);

    await sweepTwice();
    const left = await countHeld(tenantId);
    assert.ok(left > 0 && left < requestIds.length, `one relay batch per sweep: ${left} of ${requestIds.length} left held`);
    await sweepTwice();
    assert.equal(await countHeld(tenantId), 0);

    const relayed = (await collectChain(tenantId)).filter((event) => event.seq > headBefore);
    assert.deepEqual(relayed.map((event) => event.requestId), requestIds, 'each held event once, in order, nothing else');
    const status = await verifyTenantChain(tenantId, { checkedBy: 'test' });
    assert.equal(status.ok, true, status.problem?.detail);
  });
});
