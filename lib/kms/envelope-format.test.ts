import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { KmsDecryptError } from './errors';
import { buildAdditionalData, formatEnvelope, parseEnvelope, readEnvelopeKeyId } from './envelope-format';

const sample = {
  keyId: '0b8f7a52-52c1-4a57-9c1b-2f5d8f3f6e10',
  wrappedKey: randomBytes(94),
  nonce: randomBytes(12),
  sealed: randomBytes(40),
};

describe('envelope format bh1', () => {
  test('round-trips every part and names the key in clear', () => {
    const text = formatEnvelope(sample);
    assert.match(text, /^bh1\.0b8f7a52-52c1-4a57-9c1b-2f5d8f3f6e10\.[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.deepEqual(parseEnvelope(text), sample);
    assert.equal(readEnvelopeKeyId(text), sample.keyId);
  });

  test('refuses anything that is not a well-formed bh1 value', () => {
    const good = formatEnvelope(sample);
    const parts = good.split('.');
    const variants = [
      '',
      'bh1',
      good.replace(/^bh1/, 'bh2'),
      parts.slice(0, 4).join('.'),
      `${good}.extra`,
      [...parts.slice(0, 1), 'key.id', ...parts.slice(2)].join('.'),
      [...parts.slice(0, 3), randomBytes(11).toString('base64url'), parts[4]].join('.'),
      [...parts.slice(0, 4), randomBytes(15).toString('base64url')].join('.'),
      [...parts.slice(0, 2), `${parts[2]}=`, ...parts.slice(3)].join('.'),
      [...parts.slice(0, 2), parts[2].replace(/.$/, '+'), ...parts.slice(3)].join('.'),
    ];
    for (const variant of variants) {
      assert.throws(() => parseEnvelope(variant), KmsDecryptError, variant);
    }
    assert.throws(() => parseEnvelope(42), KmsDecryptError);
  });

  test('refuses a non-canonical base64url character (unused low bits changed)', () => {
    // 94 bytes leave 4 unused bits in the last character; flipping one gives a different string, same bytes.
    const parts = formatEnvelope(sample).split('.');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = parts[2].at(-1)!;
    const sibling = alphabet[alphabet.indexOf(last) ^ 1];
    const edited = [...parts.slice(0, 2), parts[2].slice(0, -1) + sibling, ...parts.slice(3)].join('.');
    assert.deepEqual(Buffer.from(parts[2].slice(0, -1) + sibling, 'base64url'), sample.wrappedKey, 'Node decodes both to the same bytes');
    assert.throws(() => parseEnvelope(edited), KmsDecryptError);
  });

  test('additional data is unambiguous: moving a separator between fields changes it', () => {
    const a = buildAdditionalData({ tenantId: 't', purpose: 'prompt', recordId: 'a","b' });
    const b = buildAdditionalData({ tenantId: 't', purpose: 'prompt","a', recordId: 'b' });
    assert.notDeepEqual(a, b);
    assert.deepEqual(
      buildAdditionalData({ tenantId: 't', purpose: 'prompt', recordId: 'r' }),
      buildAdditionalData({ tenantId: 't', purpose: 'prompt', recordId: 'r' }),
    );
  });
});
