import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AuditEvent } from './event';
import { buildNextEvent, computeEventHash } from './hash-chain';
import { buildChain, makeFields, rehashFrom, START, TENANT_A, TENANT_B, type TestChain } from './test-fixtures';
import { createChainVerifier, verifyChain, type VerifyChainOptions } from './verify-chain';

// Tamper cases as the owner role could do them in SQL, on an in-memory chain of 60 events with a
// checkpoint after every 10th. Each case asserts the kind and the seq the verifier names.
const chain = buildChain({ length: 60 });

function verify(events: AuditEvent[], options: Partial<VerifyChainOptions> = {}, from: TestChain = chain) {
  return verifyChain(events, { tenantId: TENANT_A, checkpoints: from.checkpoints, publicKey: from.publicKey, ...options });
}

function withEdit(events: AuditEvent[], index: number, edit: (event: AuditEvent) => AuditEvent): AuditEvent[] {
  const out = [...events];
  out[index] = edit(events[index]);
  assert.notDeepEqual(out[index], events[index], 'the tamper changed nothing');
  return out;
}

async function assertProblem(events: AuditEvent[], kind: string, seq: number, options: Partial<VerifyChainOptions> = {}) {
  const result = await verify(events, options);
  assert.equal(result.ok, false, `expected ${kind} at seq ${seq}, but the chain verified`);
  assert.deepEqual({ kind: result.firstProblem?.kind, seq: result.firstProblem?.seq }, { kind, seq }, result.firstProblem?.detail);
  return result;
}

describe('verifyChain on an untampered chain (the positive control)', () => {
  test('verifies every event and every checkpoint', async () => {
    const result = await verify(chain.events);
    assert.equal(result.ok, true, result.firstProblem?.detail);
    assert.equal(result.eventCount, 60);
    assert.equal(result.verifiedThroughSeq, 60);
    assert.equal(result.headHash, chain.events[59].hash);
    assert.equal(result.checkpointCount, 6);
    assert.equal(result.signedThroughSeq, 60);
    assert.deepEqual(result.lastCheckpoint, chain.checkpoints[5]);
  });

  test('gives the same answer for an async iterable, and reports progress', async () => {
    async function* stream() {
      yield* chain.events;
    }
    const seen: number[] = [];
    const result = await verifyChain(stream(), {
      tenantId: TENANT_A,
      checkpoints: chain.checkpoints,
      publicKey: chain.publicKey,
      onProgress: (progress) => seen.push(progress.eventCount),
      progressInterval: 25,
    });
    assert.equal(result.ok, true);
    assert.equal(result.verifiedThroughSeq, 60);
    assert.deepEqual(seen, [25, 50]);
  });

  test('an empty chain verifies, and is caught when a checkpoint says it had events', async () => {
    assert.equal((await verifyChain([], { tenantId: TENANT_A })).ok, true);
    const result = await verify([]);
    assert.equal(result.firstProblem?.kind, 'truncated_tail');
    assert.equal(result.firstProblem?.seq, 1);
  });
});

describe('each tamper case is detected where it happened', () => {
  test('an edited middle event: hash_mismatch at its seq', async () => {
    const tampered = withEdit(chain.events, 24, (event) => ({ ...event, outcome: 'success', payload: { note: 'nothing to see' } }));
    const result = await assertProblem(tampered, 'hash_mismatch', 25);
    assert.equal(result.firstProblem?.eventIndex, 24);
    assert.equal(result.verifiedThroughSeq, 24);
  });

  test('an edited event given a fresh hash: broken_link at the next seq', async () => {
    const tampered = withEdit(chain.events, 24, (event) => {
      const edited = { ...event, target: 'model:other' };
      return { ...edited, hash: computeEventHash(edited) };
    });
    await assertProblem(tampered, 'broken_link', 26);
  });

  test('an edit with the whole rest of the chain re-hashed: checkpoint_mismatch at the next checkpoint', async () => {
    const edited = withEdit(chain.events, 24, (event) => ({ ...event, outcome: 'denied' }));
    const result = await assertProblem(rehashFrom(edited, 24), 'checkpoint_mismatch', 30);
    assert.match(result.firstProblem!.detail, /after seq 20 up to seq 30/);
  });

  test('a deleted event: gap at its seq', async () => {
    await assertProblem(
      chain.events.filter((event) => event.seq !== 25),
      'gap',
      25,
    );
    const result = await assertProblem(
      chain.events.filter((event) => event.seq < 25 || event.seq > 27),
      'gap',
      25,
    );
    assert.match(result.firstProblem!.detail, /seq 25 to 27 are missing/);
  });

  test('the last event deleted with nothing after it: still a gap, not silence', async () => {
    const events = chain.events.slice(0, 8).filter((event) => event.seq !== 7);
    const result = await verifyChain(events, { tenantId: TENANT_A });
    assert.deepEqual([result.firstProblem?.kind, result.firstProblem?.seq], ['gap', 7]);
  });

  test('two swapped records: out_of_order, adjacent or not', async () => {
    const adjacent = [...chain.events];
    [adjacent[24], adjacent[25]] = [adjacent[25], adjacent[24]];
    await assertProblem(adjacent, 'out_of_order', 25);
    const apart = [...chain.events];
    [apart[24], apart[33]] = [apart[33], apart[24]];
    await assertProblem(apart, 'out_of_order', 26);
  });

  test('two events whose contents were swapped but not their seqs: hash_mismatch', async () => {
    const swapped = withEdit(chain.events, 24, (event) => ({ ...chain.events[25], seq: event.seq, prevHash: event.prevHash }));
    await assertProblem(swapped, 'hash_mismatch', 25);
  });

  test('a forged event inserted with a valid hash: duplicate seq', async () => {
    const forged = buildNextEvent(chain.events[24], makeFields(TENANT_A, 999, { outcome: 'success', target: 'forged' }), new Date(START + 25_500));
    const tampered = [...chain.events.slice(0, 25), forged, ...chain.events.slice(25)];
    await assertProblem(tampered, 'duplicate', 26);
  });

  test('a forged event inserted and the rest renumbered: broken_link, or checkpoint_mismatch once re-hashed', async () => {
    const forged = buildNextEvent(chain.events[24], makeFields(TENANT_A, 999), new Date(START + 25_500));
    const renumbered = [...chain.events.slice(0, 25), forged, ...chain.events.slice(25).map((event) => ({ ...event, seq: event.seq + 1 }))];
    await assertProblem(renumbered, 'broken_link', 27);
    await assertProblem(rehashFrom(renumbered, 26), 'checkpoint_mismatch', 30);
  });

  test('the last N dropped: truncated_tail at the first missing seq', async () => {
    const result = await assertProblem(chain.events.slice(0, 55), 'truncated_tail', 56);
    assert.equal(result.firstProblem?.checkpointIndex, 5);
    assert.equal(result.verifiedThroughSeq, 55);
  });

  test('a restored older copy of the events (checkpoints kept apart): truncated_tail', async () => {
    await assertProblem(chain.events.slice(0, 40), 'truncated_tail', 41);
  });

  test('a restored older copy that the application then appended to: rolled_back at the first checkpoint it contradicts', async () => {
    const restored: TestChain = { ...chain, events: chain.events.slice(0, 40), checkpoints: [] };
    let head = restored.events[39];
    for (let n = 41; n <= 55; n++) {
      head = buildNextEvent(head, makeFields(TENANT_A, n, { target: 'after-restore' }), new Date(START + 90_000 + n * 1000));
      restored.events.push(head);
    }
    await assertProblem(restored.events, 'rolled_back', 50);
  });

  test('an older copy of events and checkpoints together: rolled_back against the checkpoint kept outside', async () => {
    const older = { events: chain.events.slice(0, 40), checkpoints: chain.checkpoints.slice(0, 4) };
    const alone = await verify(older.events, { checkpoints: older.checkpoints });
    assert.equal(alone.ok, true, 'an internally consistent old copy verifies on its own');
    const result = await assertProblem(older.events, 'rolled_back', 41, { checkpoints: older.checkpoints, trustedCheckpoint: chain.checkpoints[5] });
    assert.match(result.firstProblem!.detail, /older copy/);
  });

  test("another tenant's event spliced in: wrong_tenant", async () => {
    const other = buildChain({ tenantId: TENANT_B, length: 30, keys: chain });
    const spliced = [...chain.events.slice(0, 25), other.events[25], ...chain.events.slice(26)];
    await assertProblem(spliced, 'wrong_tenant', 26);
    const result = await verify(chain.events, { checkpoints: [...chain.checkpoints.slice(0, 2), other.checkpoints[2]] });
    assert.equal(result.firstProblem?.kind, 'wrong_tenant');
  });

  test('time moved backwards with the chain re-hashed: out_of_order (before any checkpoint catches it)', async () => {
    const edited = withEdit(chain.events, 24, (event) => ({ ...event, time: new Date(START).toISOString() }));
    await assertProblem(rehashFrom(edited, 24), 'out_of_order', 25);
  });
});

describe('checkpoint tampering', () => {
  test('an altered checkpoint or one signed by another key: bad_signature', async () => {
    const altered = chain.checkpoints.map((checkpoint, index) => (index === 2 ? { ...checkpoint, headHash: chain.events[20].hash } : checkpoint));
    await assertProblem(chain.events, 'bad_signature', 30, { checkpoints: altered });
    const otherKeys = buildChain({ length: 60 });
    await assertProblem(chain.events, 'bad_signature', 10, { checkpoints: otherKeys.checkpoints });
  });

  test('a checkpoint removed from the middle of the set: checkpoint_mismatch at the one after the hole', async () => {
    const holed = chain.checkpoints.filter((_, index) => index !== 2);
    await assertProblem(chain.events, 'checkpoint_mismatch', 40, { checkpoints: holed });
  });

  test('checkpoints without a public key are a programming error', () => {
    assert.throws(() => createChainVerifier({ tenantId: TENANT_A, checkpoints: chain.checkpoints }), TypeError);
  });
});

describe('a partial chain (an export of a time range)', () => {
  test('verifies from its first prevHash, anchored by the checkpoint just before it', async () => {
    const result = await verify(chain.events.slice(30), { startsMidChain: true });
    assert.equal(result.ok, true, result.firstProblem?.detail);
    assert.deepEqual([result.firstSeq, result.verifiedThroughSeq, result.signedThroughSeq], [31, 60, 60]);
    assert.equal((await verify(chain.events.slice(34), { startsMidChain: true })).ok, true);
  });

  test('is refused as a whole chain', async () => {
    await assertProblem(chain.events.slice(30), 'gap', 1);
  });

  test('a forged start is caught by the checkpoint before it', async () => {
    const forgedStart = rehashFrom(
      withEdit(chain.events.slice(30), 0, (event) => ({ ...event, prevHash: 'f'.repeat(64) })),
      0,
    );
    await assertProblem(forgedStart, 'checkpoint_mismatch', 31, { startsMidChain: true });
  });

  test('its end may stop before a checkpoint signed after the range, not before one signed inside it', async () => {
    const to = chain.events[51].time;
    const range = chain.events.slice(0, 52);
    assert.equal((await verify(range, { completeThrough: to })).ok, true);
    assert.equal((await verify(range.slice(0, 50), { completeThrough: to })).ok, true, 'the dropped events came after the last checkpoint in range');
    await assertProblem(range.slice(0, 48), 'truncated_tail', 49, { completeThrough: to });
  });
});

test('events after the newest checkpoint are linked but not yet signed: the window a dropped tail can hide in', async () => {
  const result = await verify(chain.events.slice(0, 58), { checkpoints: chain.checkpoints.slice(0, 5) });
  assert.equal(result.ok, true);
  assert.deepEqual([result.verifiedThroughSeq, result.signedThroughSeq], [58, 50]);
});
