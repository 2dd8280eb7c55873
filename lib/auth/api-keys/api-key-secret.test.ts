import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createApiKeySecret, hashApiKeySecret, isApiKeySecret, readBearerToken } from './api-key-secret';

describe('API key secrets', () => {
  test('are unique, well-formed, and stored only as their SHA-256', () => {
    const first = createApiKeySecret();
    const second = createApiKeySecret();
    assert.notEqual(first.secret, second.secret);
    assert.ok(isApiKeySecret(first.secret));
    assert.equal(first.prefix, first.secret.slice(0, 12));
    assert.match(first.hash, /^[0-9a-f]{64}$/);
    assert.equal(first.hash, hashApiKeySecret(first.secret));
    assert.ok(!first.hash.includes(first.secret.slice(4, 12)));
  });

  test('malformed keys are recognised without a lookup', () => {
    for (const value of ['', 'sk-abc', 'bhk_short', `bhk_${'a'.repeat(42)}!`]) assert.equal(isApiKeySecret(value), false, value);
  });

  test('reads the bearer token', () => {
    assert.equal(readBearerToken('Bearer abc'), 'abc');
    assert.equal(readBearerToken('bearer  abc '), 'abc');
    assert.equal(readBearerToken('Basic abc'), null);
    assert.equal(readBearerToken(null), null);
  });
});
