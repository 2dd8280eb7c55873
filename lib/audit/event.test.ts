import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AuditEventError, auditEventSchema, isAuditEventShape, parseAuditEvent, type AuditEvent } from './event';
import { buildChain } from './test-fixtures';

const [event] = buildChain({ length: 1 }).events;

// Variants around every rule of the schema, valid and invalid, including the edges of each limit.
const variants: [string, unknown][] = [
  ['as built', event],
  ['label absent', { ...event, actor: { type: 'system', id: 'checkpointer' } }],
  ['label undefined', { ...event, actor: { ...event.actor, label: undefined } }],
  ['actor extra field', { ...event, actor: { ...event.actor, role: 'admin' } }],
  ['actor array', { ...event, actor: [] }],
  ['actor type unknown', { ...event, actor: { ...event.actor, type: 'robot' } }],
  ['actor id empty', { ...event, actor: { ...event.actor, id: '' } }],
  ['actor id 200', { ...event, actor: { ...event.actor, id: 'x'.repeat(200) } }],
  ['actor id 201', { ...event, actor: { ...event.actor, id: 'x'.repeat(201) } }],
  ['extra field', { ...event, note: 'unhashed' }],
  ['missing payload', { ...event, payload: undefined }],
  ['payload null', { ...event, payload: null }],
  ['tenant uppercase', { ...event, tenantId: event.tenantId.toUpperCase() }],
  ['action pattern', { ...event, action: 'Tenant.Update' }],
  ['action undotted', { ...event, action: 'tenant' }],
  ['action unknown but dotted', { ...event, action: 'future.action_kind' }],
  ['target null', { ...event, target: null }],
  ['target 1000', { ...event, target: 't'.repeat(1000) }],
  ['target 1001', { ...event, target: 't'.repeat(1001) }],
  ['requestId empty', { ...event, requestId: '' }],
  ['outcome unknown', { ...event, outcome: 'ok' }],
  ['seq 0', { ...event, seq: 0 }],
  ['seq fraction', { ...event, seq: 1.5 }],
  ['seq string', { ...event, seq: '1' }],
  ['seq unsafe', { ...event, seq: 2 ** 53 }],
  ['time no ms', { ...event, time: '2026-01-01T00:00:00Z' }],
  ['time offset', { ...event, time: '2026-01-01T00:00:00.000+00:00' }],
  ['time leap day', { ...event, time: '2024-02-29T12:00:00.000Z' }],
  ['time not a leap day', { ...event, time: '2026-02-29T12:00:00.000Z' }],
  ['time hour 24', { ...event, time: '2026-01-01T24:00:00.000Z' }],
  ['time second 60', { ...event, time: '2026-01-01T23:59:60.000Z' }],
  ['time year 0', { ...event, time: '0000-02-29T00:00:00.000Z' }],
  ['hash uppercase', { ...event, hash: event.hash.toUpperCase() }],
  ['prevHash short', { ...event, prevHash: '0'.repeat(63) }],
  ['class instance', Object.assign(Object.create({ inherited: true }), event)],
];

describe('isAuditEventShape (the fast path of parseAuditEvent)', () => {
  test('never accepts what the zod schema refuses', () => {
    for (const [name, value] of variants) {
      if (isAuditEventShape(value)) assert.ok(auditEventSchema.safeParse(value).success, name);
    }
  });

  test('accepts the common valid shapes itself', () => {
    for (const name of [
      'as built',
      'label absent',
      'payload null',
      'action unknown but dotted',
      'target null',
      'target 1000',
      'actor id 200',
      'time leap day',
    ]) {
      const value = variants.find(([variant]) => variant === name)![1];
      assert.equal(isAuditEventShape(value), true, name);
    }
  });
});

describe('parseAuditEvent', () => {
  test('returns valid events and refuses invalid ones, naming the field', () => {
    assert.deepEqual(parseAuditEvent(JSON.parse(JSON.stringify(event))), event);
    for (const [name, value] of variants) {
      const isValid = auditEventSchema.safeParse(value).success;
      if (isValid) assert.doesNotThrow(() => parseAuditEvent(value), name);
      else assert.throws(() => parseAuditEvent(value), AuditEventError, name);
    }
    assert.throws(() => parseAuditEvent({ ...event, seq: '1' } as unknown as AuditEvent), /seq/);
  });
});
