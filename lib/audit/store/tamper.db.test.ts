import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type pg from 'pg';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { createTestTenant } from '@/lib/testing/fixtures';
import { canonicalJson } from '../canonical-json';
import type { AuditEvent } from '../event';
import { computeEventHash } from '../hash-chain';
import { getAuditChainStore } from './chain-store';
import { createCheckpoint } from './create-checkpoint';
import { appendTestEvents, makeEventFields, tamperAsOwner } from './db-test-helpers';
import { verifyTenantChain } from './verify-tenant-chain';

// Tamper cases done directly in SQL by the owner role with the append-only triggers off (a DBA-level
// attacker). Each chain has 30 events, checkpoints at seq 10, 20 and 30, and verified once before the
// attack (the positive control, which also leaves the seq-30 checkpoint as the trusted one).
describe('tampering with a chain in the database is detected, and the verifier names where', () => {
  after(() => disconnectAllPrismaClients());

  async function setUpChain(label: string) {
    const tenant = await createTestTenant(label);
    const store = getAuditChainStore(tenant.id);
    let snapshot: { events: AuditEvent[]; head: NonNullable<Awaited<ReturnType<typeof store.getHead>>> } | undefined;
    for (let round = 0; round < 3; round++) {
      await appendTestEvents(tenant.id, 10, `${label}-${round}`);
      await createCheckpoint(tenant.id);
      if (round === 1) snapshot = { events: await collect(store.streamEvents()), head: (await store.getHead())! };
    }
    const status = await verifyTenantChain(tenant.id, { checkedBy: 'test' });
    assert.equal(status.ok, true, `positive control: the untouched chain verifies (${status.problem?.detail})`);
    assert.equal(status.verifiedThroughSeq, 30);
    return { tenantId: tenant.id, events: await collect(store.streamEvents()), snapshot: snapshot! };
  }

  async function assertDetected(tenantId: string, expected: { kind: string; seq: number }) {
    const status = await verifyTenantChain(tenantId, { checkedBy: 'test' });
    assert.equal(status.ok, false, 'the tampered chain verified');
    assert.deepEqual({ kind: status.problem?.kind, seq: status.problem?.seq }, expected, status.problem?.detail);
    assert.ok(status.verifiedThroughSeq < expected.seq, 'nothing at or after the problem counts as verified');
  }

  test('editing a middle event', async () => {
    const { tenantId } = await setUpChain('tamper-edit');
    await tamperAsOwner((owner) =>
      owner.query(`UPDATE audit_events SET target = 'nothing to see' WHERE tenant_id = $1 AND seq = 15`, [tenantId]).then(() => {}),
    );
    await assertDetected(tenantId, { kind: 'hash_mismatch', seq: 15 });
  });

  test('editing a middle event and re-hashing everything after it (the checkpoint at 20 disagrees)', async () => {
    const { tenantId, events } = await setUpChain('tamper-rehash');
    const forged = rehashFrom(
      events.map((event) => (event.seq === 15 ? { ...event, outcome: 'success' as const, target: 'rewritten' } : event)),
      14,
    );
    await tamperAsOwner(async (owner) => {
      for (const event of forged.slice(14)) {
        await owner.query('UPDATE audit_events SET target = $3, outcome = $4, prev_hash = $5, hash = $6 WHERE tenant_id = $1 AND seq = $2', [
          tenantId,
          event.seq,
          event.target,
          event.outcome,
          event.prevHash,
          event.hash,
        ]);
      }
      await owner.query('UPDATE audit_heads SET hash = $2 WHERE tenant_id = $1', [tenantId, forged.at(-1)!.hash]);
    });
    await assertDetected(tenantId, { kind: 'checkpoint_mismatch', seq: 20 });
  });

  test('deleting one event', async () => {
    const { tenantId } = await setUpChain('tamper-delete');
    await tamperAsOwner((owner) => owner.query('DELETE FROM audit_events WHERE tenant_id = $1 AND seq = 15', [tenantId]).then(() => {}));
    await assertDetected(tenantId, { kind: 'gap', seq: 15 });
  });

  test('swapping two events', async () => {
    const { tenantId } = await setUpChain('tamper-swap');
    await tamperAsOwner(async (owner) => {
      await owner.query('UPDATE audit_events SET seq = -1 WHERE tenant_id = $1 AND seq = 14', [tenantId]);
      await owner.query('UPDATE audit_events SET seq = 14 WHERE tenant_id = $1 AND seq = 15', [tenantId]);
      await owner.query('UPDATE audit_events SET seq = 15 WHERE tenant_id = $1 AND seq = -1', [tenantId]);
    });
    await assertDetected(tenantId, { kind: 'broken_link', seq: 14 });
  });

  test('inserting a forged event in place of another (its own hash is right, the link to it is not)', async () => {
    const { tenantId, events } = await setUpChain('tamper-forge-middle');
    const forged = buildForged(events[13], { ...makeEventFields(99, 'forger'), tenantId });
    await tamperAsOwner(async (owner) => {
      await owner.query('DELETE FROM audit_events WHERE tenant_id = $1 AND seq = 15', [tenantId]);
      await insertEventRows(owner, [forged]);
    });
    await assertDetected(tenantId, { kind: 'broken_link', seq: 16 });
  });

  test('inserting a forged event after the last one, correctly hashed and linked', async () => {
    const { tenantId, events } = await setUpChain('tamper-forge-tail');
    const forged = buildForged(events[29], { ...makeEventFields(99, 'forger'), tenantId });
    await tamperAsOwner((owner) => insertEventRows(owner, [forged]));
    await assertDetected(tenantId, { kind: 'head_mismatch', seq: 31 });
  });

  test('dropping the last 5 events and moving the head back (the checkpoint at 30 disagrees)', async () => {
    const { tenantId, events } = await setUpChain('tamper-drop-tail');
    await tamperAsOwner(async (owner) => {
      await owner.query('DELETE FROM audit_events WHERE tenant_id = $1 AND seq > 25', [tenantId]);
      await owner.query('UPDATE audit_heads SET seq = 25, hash = $2, time = $3 WHERE tenant_id = $1', [tenantId, events[24].hash, events[24].time]);
    });
    await assertDetected(tenantId, { kind: 'truncated_tail', seq: 26 });
  });

  test('dropping the last 5 events and leaving the head (the head disagrees)', async () => {
    const { tenantId } = await setUpChain('tamper-drop-tail-head');
    await tamperAsOwner((owner) => owner.query('DELETE FROM audit_events WHERE tenant_id = $1 AND seq > 25', [tenantId]).then(() => {}));
    await assertDetected(tenantId, { kind: 'truncated_tail', seq: 26 });
  });

  test('restoring an older copy of the events and the head (a later checkpoint covers what is missing)', async () => {
    const { tenantId, snapshot } = await setUpChain('tamper-restore');
    await tamperAsOwner((owner) => restoreSnapshot(owner, tenantId, snapshot));
    await assertDetected(tenantId, { kind: 'truncated_tail', seq: 21 });
  });

  test('restoring an older copy of the events, the head and the checkpoints (the trusted checkpoint disagrees)', async () => {
    const { tenantId, snapshot } = await setUpChain('tamper-restore-all');
    await tamperAsOwner(async (owner) => {
      await restoreSnapshot(owner, tenantId, snapshot);
      await owner.query('DELETE FROM audit_checkpoints WHERE tenant_id = $1 AND seq > 20', [tenantId]);
    });
    await assertDetected(tenantId, { kind: 'rolled_back', seq: 21 });
  });
});

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** What an attacker with the owner role does after editing: recompute every link and hash from `from` on. */
function rehashFrom(events: AuditEvent[], from: number): AuditEvent[] {
  const out = events.map((event) => ({ ...event }));
  for (let index = from; index < out.length; index++) {
    if (index > 0) out[index].prevHash = out[index - 1].hash;
    out[index].hash = computeEventHash(out[index]);
  }
  return out;
}

/** A well-formed event following `previous`, as someone who knows the hash rule would write it. */
function buildForged(previous: AuditEvent, fields: Omit<AuditEvent, 'seq' | 'time' | 'prevHash' | 'hash'>): AuditEvent {
  const unhashed = { ...fields, seq: previous.seq + 1, time: previous.time, prevHash: previous.hash };
  return { ...unhashed, hash: computeEventHash(unhashed) };
}

async function insertEventRows(owner: pg.Client, events: AuditEvent[]) {
  for (const event of events) {
    await owner.query(
      `INSERT INTO audit_events (tenant_id, seq, time, actor_type, actor_id, actor_label, action, target, request_id, outcome, payload_json, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        event.tenantId,
        event.seq,
        event.time,
        event.actor.type,
        event.actor.id,
        event.actor.label ?? null,
        event.action,
        event.target,
        event.requestId,
        event.outcome,
        canonicalJson(event.payload),
        event.prevHash,
        event.hash,
      ],
    );
  }
}

async function restoreSnapshot(owner: pg.Client, tenantId: string, snapshot: { events: AuditEvent[]; head: { seq: number; hash: string; time: string } }) {
  await owner.query('DELETE FROM audit_events WHERE tenant_id = $1', [tenantId]);
  await insertEventRows(owner, snapshot.events);
  await owner.query('UPDATE audit_heads SET seq = $2, hash = $3, time = $4 WHERE tenant_id = $1', [
    tenantId,
    snapshot.head.seq,
    snapshot.head.hash,
    snapshot.head.time,
  ]);
}
