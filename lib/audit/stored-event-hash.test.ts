import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canonicalJson } from './canonical-json';
import type { AuditEvent } from './event';
import { computeEventHash, serializeEventBody } from './hash-chain';
import { computeStoredEventHash, serializeStoredEventBody, toAuditEvent, type StoredEventText } from './stored-event-hash';
import { buildChain, makeFields, TENANT_A } from './test-fixtures';

/** What the appender writes to audit_events, in the stored-text shape. */
function toStored(event: AuditEvent): StoredEventText {
  return {
    tenantId: event.tenantId,
    seq: event.seq,
    time: event.time,
    actorType: event.actor.type,
    actorId: event.actor.id,
    actorLabel: event.actor.label ?? null,
    action: event.action,
    target: event.target,
    requestId: event.requestId,
    outcome: event.outcome,
    payloadJson: canonicalJson(event.payload),
    prevHash: event.prevHash,
    hash: event.hash,
  };
}

// Fields that exercise escaping and ordering: quotes, backslashes, control characters, the COPY delimiters,
// non-ASCII, a missing label, a null target, and payload numbers and keys canonical JSON must get right.
const tricky = buildChain({
  length: 12,
  fieldsFor: (n) =>
    makeFields(TENANT_A, n, {
      actor: n % 2 ? { type: 'user', id: `u"${n}\\x`, label: `tab\there\nnewline ${'é😀'.repeat(n % 3)}` } : { type: 'api_key', id: `key-${n}` },
      target: n % 3 ? `t\u0001${n},"seq":1` : null,
      requestId: `r\\N-${n}`,
      payload: { z: [1e21, -0, 0.1, 1.5e-7], a: { é: `v\u2028${n}`, '"k"': null, nested: { deep: [true, false] } }, __proto__x: n },
    }),
});

describe('hashing stored events', () => {
  test("the stored body is the canonical body, and the hash is computeEventHash's", () => {
    for (const event of tricky.events) {
      const stored = toStored(event);
      assert.equal(serializeStoredEventBody(stored), serializeEventBody(event), `seq ${event.seq}`);
      assert.equal(computeStoredEventHash(stored), event.hash);
      assert.equal(computeEventHash(toAuditEvent(stored)), event.hash, 'the object path agrees (positive control)');
    }
  });

  test('a payload stored with the same values in another form still verifies (the object path decides)', () => {
    const event = tricky.events[3];
    const reformatted = { ...toStored(event), payloadJson: JSON.stringify(event.payload, null, 2) };
    assert.notEqual(reformatted.payloadJson, canonicalJson(event.payload));
    assert.equal(computeStoredEventHash(reformatted), event.hash);
  });

  test('any changed column changes the hash; an unreadable payload or prevHash does too', () => {
    const stored = toStored(tricky.events[4]);
    const changes: Partial<StoredEventText>[] = [
      { action: 'retrieval.read' },
      { actorId: 'someone-else' },
      { actorLabel: null },
      { actorLabel: 'x' },
      { actorType: 'system' },
      { outcome: 'denied' },
      { payloadJson: '{"a":1}' },
      { payloadJson: 'not json' },
      { requestId: 'r' },
      { seq: 99 },
      { target: null },
      { target: 'other' },
      { time: '2027-01-01T00:00:00.000Z' },
      { tenantId: '0b0b0b0b-0000-4000-8000-00000000000b' },
      { prevHash: 'f'.repeat(64) },
    ];
    for (const change of changes) assert.notEqual(computeStoredEventHash({ ...stored, ...change }), stored.hash, JSON.stringify(change));
    assert.throws(
      () => computeStoredEventHash({ ...stored, prevHash: stored.prevHash.toUpperCase() }),
      /prevHash/,
      'a malformed prevHash cannot be hashed, as with computeEventHash',
    );
  });
});
