import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { canonicalJson } from './canonical-json';
import type { AuditEvent, AuditEventFields } from './event';
import { AuditChainError, buildNextEvent, computeEventHash, GENESIS_HASH, MAX_EVENT_BODY_LENGTH, serializeEventBody } from './hash-chain';
import { buildChain, makeFields, START, TENANT_A, TENANT_B } from './test-fixtures';

/** The hash as docs/audit-format.md defines it, written independently of hash-chain.ts. */
function hashAsDocumented(event: AuditEvent): string {
  const { prevHash, hash: _hash, ...body } = event;
  return createHash('sha256')
    .update(Buffer.from(prevHash + canonicalJson(body), 'utf8'))
    .digest('hex');
}

const adminChange: AuditEventFields = {
  tenantId: TENANT_A,
  actor: { type: 'user', id: 'u-1', label: 'Ana' },
  action: 'tenant.update',
  target: `tenant:${TENANT_A}`,
  requestId: 'req-1',
  outcome: 'success',
  payload: { before: { tier: 'shared' }, after: { tier: 'dedicated' } },
};

describe('computeEventHash', () => {
  test('is the published test vector of docs/audit-format.md (also checked with sha256sum)', () => {
    const event = buildNextEvent(null, adminChange, new Date(START));
    assert.equal(event.hash, 'a176d3d82d11b096af799ed0e34bceb0a8f3c7f07f37127a4cc41b9991299472');
  });

  test('equals SHA-256(prevHash hex + canonical body) for varied events', () => {
    const chain = buildChain({
      length: 30,
      fieldsFor: (n) => makeFields(TENANT_A, n, { payload: { text: `é €\u{1F600} \u2028 "q" ${n}`, list: [n, n / 3, null, true], nested: { z: 1, a: [] } } }),
    });
    for (const event of chain.events) assert.equal(computeEventHash(event), hashAsDocumented(event));
  });

  test('the body serializer is byte for byte canonicalJson of the body, whatever the actor key order', () => {
    for (const event of buildChain({ length: 10 }).events) {
      const { prevHash: _prevHash, hash: _hash, ...body } = event;
      assert.equal(serializeEventBody(event), canonicalJson(body));
      const { type, id, label } = event.actor;
      const rebuilt = { ...event, actor: { type, id, label }, payload: JSON.parse(JSON.stringify({ z: 1, a: event.payload })) };
      const { prevHash: _p, hash: _h, ...rebuiltBody } = rebuilt;
      assert.equal(serializeEventBody(rebuilt), canonicalJson(rebuiltBody));
    }
  });

  test('an actor with an extra field keeps it in the hash', () => {
    const [event] = buildChain({ length: 1 }).events;
    const withExtra = { ...event, actor: { ...event.actor, role: 'admin' } } as AuditEvent;
    assert.notEqual(computeEventHash(withExtra), event.hash);
    assert.match(serializeEventBody(withExtra), /"role":"admin"/);
  });

  test('the appender stores payload keys in canonical order', () => {
    const event = buildNextEvent(null, { ...adminChange, payload: { z: 1, a: { y: 2, b: 3 } } }, new Date(START));
    assert.equal(JSON.stringify(event.payload), canonicalJson(event.payload));
  });

  test('changes when any hashed field changes, including tenant and seq', () => {
    const [event] = buildChain({ length: 1 }).events;
    const variants: Partial<AuditEvent>[] = [
      { tenantId: TENANT_B },
      { seq: 2 },
      { time: new Date(START + 1).toISOString() },
      { actor: { ...event.actor, label: 'someone else' } },
      { action: 'auth.sign_out' },
      { target: null },
      { requestId: 'req-other' },
      { outcome: 'denied' },
      { payload: { promptTokens: 101 } },
      { prevHash: '1'.repeat(64) },
    ];
    const hashes = new Set(variants.map((variant) => computeEventHash({ ...event, ...variant })));
    assert.equal(hashes.size, variants.length);
    assert.ok(!hashes.has(event.hash));
  });

  test('refuses a prevHash that is not 64 lowercase hex digits', () => {
    const [event] = buildChain({ length: 1 }).events;
    for (const prevHash of ['A'.repeat(64), '0'.repeat(63), `${'0'.repeat(63)}g`, '']) {
      assert.throws(() => computeEventHash({ ...event, prevHash }), AuditChainError);
    }
  });
});

describe('buildNextEvent', () => {
  test('starts at seq 1 from the genesis hash, then links each event to the last', () => {
    const first = buildNextEvent(null, adminChange, new Date(START));
    const second = buildNextEvent(first, makeFields(TENANT_A, 2), new Date(START + 1000));
    assert.deepEqual([first.seq, first.prevHash, second.seq, second.prevHash], [1, GENESIS_HASH, 2, first.hash]);
    assert.equal(second.hash, hashAsDocumented(second));
  });

  test("refuses another tenant's head", () => {
    const head = buildNextEvent(null, adminChange, new Date(START));
    assert.throws(() => buildNextEvent(head, makeFields(TENANT_B, 2)), /another tenant/);
  });

  test('never dates an event before its head, so seq order and time order agree', () => {
    const head = buildNextEvent(null, adminChange, new Date(START + 5000));
    const next = buildNextEvent(head, makeFields(TENANT_A, 2), new Date(START));
    assert.equal(next.time, head.time);
  });

  test('copies the payload, so mutating the caller object later changes nothing hashed', () => {
    const payload = { list: ['a'] };
    const event = buildNextEvent(null, { ...adminChange, payload }, new Date(START));
    payload.list.push('b');
    assert.equal(computeEventHash(event), event.hash);
  });

  test('makes user text storable: lone surrogates and NUL become U+FFFD', () => {
    const event = buildNextEvent(null, { ...adminChange, target: 'a\ud800b\u0000c', payload: { ['k\udc00']: ['\u0000'] } }, new Date(START));
    assert.equal(event.target, 'a\uFFFDb\uFFFDc');
    assert.deepEqual(event.payload, { ['k\uFFFD']: ['\uFFFD'] });
  });

  test('keeps a "__proto__" key as data, never as the prototype', () => {
    const payload = JSON.parse('{"__proto__":{"isAdmin":true}}');
    const event = buildNextEvent(null, { ...adminChange, payload }, new Date(START));
    assert.equal(Object.getPrototypeOf(event.payload), Object.prototype);
    assert.equal(canonicalJson(event.payload), '{"__proto__":{"isAdmin":true}}');
  });

  test('refuses invalid fields with a message that does not echo them', () => {
    const invalid: Partial<AuditEventFields>[] = [
      { tenantId: TENANT_A.toUpperCase() },
      { action: 'Tenant Update' as never },
      { outcome: 'ok' as never },
      { actor: { type: 'robot' as never, id: 'x' } },
      { requestId: '' },
      { target: 'x'.repeat(1001) },
      { payload: undefined as never },
      { payload: { when: new Date() } as never },
    ];
    for (const fields of invalid) assert.throws(() => buildNextEvent(null, { ...adminChange, ...fields }), AuditChainError, JSON.stringify(fields));
    assert.throws(
      () => buildNextEvent(null, { ...adminChange, requestId: '\u001b[31mEVIL' + 'x'.repeat(300) }),
      (error: Error) => !error.message.includes('EVIL'),
    );
  });

  test('refuses an event larger than the limit', () => {
    const payload = { blob: 'x'.repeat(MAX_EVENT_BODY_LENGTH) };
    assert.throws(() => buildNextEvent(null, { ...adminChange, payload }), /larger than/);
  });
});
