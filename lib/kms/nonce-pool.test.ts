import assert from 'node:assert/strict';
import { test } from 'node:test';
import { takeNonce } from './nonce-pool';

test('nonces are 12 bytes, never repeat across several refills, and are copies', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 3 * 4096 + 7; i++) {
    const nonce = takeNonce();
    assert.equal(nonce.length, 12);
    const hex = nonce.toString('hex');
    assert.ok(!seen.has(hex), `nonce ${i} repeated`);
    seen.add(hex);
  }
  const kept = takeNonce();
  const copy = Buffer.from(kept);
  for (let i = 0; i < 5000; i++) takeNonce(); // past a refill of the shared pool
  assert.deepEqual(kept, copy, 'a handed-out nonce is not overwritten when the pool refills');
});

test('nonces look random: no byte position is stuck (a zero-filled pool would fail this)', () => {
  const positions = Array.from({ length: 12 }, () => new Set<number>());
  for (let i = 0; i < 256; i++) takeNonce().forEach((byte, index) => positions[index].add(byte));
  for (const [index, values] of positions.entries()) assert.ok(values.size > 64, `byte ${index} took only ${values.size} values in 256 nonces`);
});
