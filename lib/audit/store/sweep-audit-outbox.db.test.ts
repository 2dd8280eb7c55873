import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setAuditChainFrozen } from '@/lib/audit/store/audit-chain-freeze';
import { collectChain, usePlacedLogTenant } from '@/lib/placement/logs-layer-test-helpers';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { toAuditSqlClient } from './append-to-chain';
import { getAuditChainStore } from './chain-store';
import { holdInOutbox, type HeldEventFields } from './audit-outbox';
import { relayAuditOutbox } from './relay-audit-outbox';
import { sweepAuditOutbox } from './sweep-audit-outbox';
import { verifyTenantChain } from './verify-tenant-chain';

const change = (requestId: string): HeldEventFields => ({
  actor: { type: 'user', id: 'admin-1' },
  action: 'tenant.update',
  target: 'profile',
  requestId,
  outcome: 'success',
  payload: { requestId },
});

/** Holds events as an admin change does (in the app role's tenant transaction), without asking for a relay. */
async function hold(tenantId: string, requestIds: string[]) {
  await withTenant(tenantId, (tx) => holdInOutbox(toAuditSqlClient(tx), tenantId, requestIds.map(change)));
}

/** How many events the tenant holds, as the relay (the platform role) sees them: reading the chain would relay them. */
async function countHeld(tenantId: string): Promise<number> {
  const [{ n }] = await withPlatformSystemAccess(
    'test: audit outbox sweep',
    (tx) => tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_outbox WHERE tenant_id = ${tenantId}::uuid`,
  );
  return n;
}

describe('the audit outbox sweep', () => {
  const placed = usePlacedLogTenant('outbox-sweep', 'schema_kms', 2);

  test('events held while the chain was frozen are relayed by the sweep, with nobody reading the chain', async () => {
    await setAuditChainFrozen(placed.placement, true);
    try {
      await hold(placed.tenantId, ['frozen-1', 'frozen-2', 'frozen-3']);
      assert.ok((await sweepAuditOutbox()).includes(placed.tenantId), 'the sweep found the held events');
      assert.equal(await countHeld(placed.tenantId), 3, 'a frozen chain takes nothing: the events stay held');
    } finally {
      await setAuditChainFrozen(placed.placement, false);
    }
    assert.equal(await countHeld(placed.tenantId), 3, 'thawing relays nothing by itself');

    await sweepAuditOutbox();
    assert.equal(await countHeld(placed.tenantId), 0);
    const chain = await collectChain(placed.tenantId);
    for (const requestId of ['frozen-1', 'frozen-2', 'frozen-3']) assert.equal(chain.filter((event) => event.requestId === requestId).length, 1, requestId);
    assert.deepEqual(
      chain.slice(-3).map((event) => event.requestId),
      ['frozen-1', 'frozen-2', 'frozen-3'],
      'in the order they were held',
    );
  });

  test('two sweeps at once (as two processes: no shared queue) relay each event exactly once, a bounded batch per sweep', async () => {
    const requestIds = Array.from({ length: 300 }, (_, n) => `race-${n}`);
    // The head, not the chain: reading the chain would relay what is held.
    const headBefore = (await getAuditChainStore(placed.tenantId).getHead())!.seq;
    await hold(placed.tenantId, requestIds);
    const sweepTwice = () => Promise.all([sweepAuditOutbox({ relay: relayAuditOutbox }), sweepAuditOutbox({ relay: relayAuditOutbox })]);

    await sweepTwice();
    const left = await countHeld(placed.tenantId);
    assert.ok(left > 0 && left < requestIds.length, `one relay batch per sweep: ${left} of ${requestIds.length} left held`);
    await sweepTwice();
    assert.equal(await countHeld(placed.tenantId), 0);

    const relayed = (await collectChain(placed.tenantId)).filter((event) => event.seq > headBefore);
    assert.deepEqual(
      relayed.map((event) => event.requestId),
      requestIds,
      'each held event once, in order, nothing else',
    );
    const status = await verifyTenantChain(placed.tenantId, { checkedBy: 'test' });
    assert.equal(status.ok, true, status.problem?.detail);
  });
});
