import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AuditEvent } from '../event';
import { WITHHELD_TEXT, withholdKeptText } from './withhold-kept-text';

const base = {
  tenantId: '00000000-0000-4000-8000-000000000001',
  seq: 7,
  time: '2026-12-07T10:00:00.000Z',
  actor: { type: 'api_key', id: 'key-1' },
  target: 'model:sim-small',
  requestId: 'req-1',
  outcome: 'success',
  prevHash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
} as const;

test("a gateway event's kept prompt and answer are withheld; their digests and the decision stay", () => {
  const event = {
    ...base,
    action: 'inference.request',
    payload: { phase: 'request', trace: { model: 'sim-small' }, requestSha256: 'c', requestText: 'my secret question', answerText: 'the answer' },
  } as AuditEvent;
  const shown = withholdKeptText(event);
  assert.deepEqual(shown.payload, {
    phase: 'request',
    trace: { model: 'sim-small' },
    requestSha256: 'c',
    requestText: WITHHELD_TEXT,
    answerText: WITHHELD_TEXT,
  });
  assert.ok(!JSON.stringify(shown).includes('secret'));
  assert.equal((event.payload as { requestText: string }).requestText, 'my secret question', 'the stored event is not changed');
});

test('events without kept text, sealed payloads and other actions pass unchanged (positive control: same object)', () => {
  const sealed = { ...base, action: 'inference.request', payload: { encrypted: 'v1.xyz' } } as AuditEvent;
  const other = { ...base, action: 'prompt.update', payload: { requestText: 'not a gateway field here' } } as AuditEvent;
  assert.equal(withholdKeptText(sealed), sealed);
  assert.equal(withholdKeptText(other), other);
});
