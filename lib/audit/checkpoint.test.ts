import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { buildCheckpoint, CheckpointError, parseCheckpoint, signCheckpoint, verifyCheckpointSignature, type Checkpoint } from './checkpoint';
import {
  CheckpointKeyError,
  exportPublicKey,
  generateCheckpointKeyPair,
  getPublicKeyFingerprint,
  importPublicKey,
  sealPrivateKey,
  unsealPrivateKey,
} from './checkpoint-key';
import { GENESIS_HASH } from './hash-chain';
import { buildChain, START, TENANT_A, TENANT_B } from './test-fixtures';

const keys = generateCheckpointKeyPair();
const chain = buildChain({ length: 20, keys });
const head = chain.events[19];

describe('checkpoint signatures', () => {
  test('verify with the public key, and fail for any altered field or another key', () => {
    const checkpoint = chain.checkpoints[1];
    assert.equal(verifyCheckpointSignature(checkpoint, keys.publicKey), true);
    const altered: Checkpoint[] = [
      { ...checkpoint, tenantId: TENANT_B },
      { ...checkpoint, seq: checkpoint.seq + 1 },
      { ...checkpoint, headHash: chain.events[18].hash },
      { ...checkpoint, time: new Date(START).toISOString() },
      { ...checkpoint, prevSignature: null },
      { ...checkpoint, signature: checkpoint.signature.replace(/^./, (c) => (c === '0' ? '1' : '0')) },
    ];
    for (const variant of altered) assert.equal(verifyCheckpointSignature(variant, keys.publicKey), false, JSON.stringify(variant));
    assert.equal(verifyCheckpointSignature(checkpoint, generateCheckpointKeyPair().publicKey), false);
  });

  test('never throw on malformed input', () => {
    const hostile = [{}, { ...chain.checkpoints[0], signature: 'zz' }, { ...chain.checkpoints[0], seq: -1 }, null];
    for (const value of hostile) assert.equal(verifyCheckpointSignature(value as Checkpoint, keys.publicKey), false);
  });

  test('parseCheckpoint refuses unknown fields and bad shapes', () => {
    assert.deepEqual(parseCheckpoint(JSON.parse(JSON.stringify(chain.checkpoints[0]))), chain.checkpoints[0]);
    assert.throws(() => parseCheckpoint({ ...chain.checkpoints[0], note: 'unsigned extra' }), CheckpointError);
    assert.throws(() => parseCheckpoint({ ...chain.checkpoints[0], headHash: 'x' }), CheckpointError);
  });
});

describe('buildCheckpoint', () => {
  test('links to the previous checkpoint and signs the head', () => {
    const [first, second] = chain.checkpoints;
    assert.equal(first.prevSignature, null);
    assert.equal(second.prevSignature, first.signature);
    assert.deepEqual([second.seq, second.headHash], [20, head.hash]);
  });

  test('signs an empty chain as seq 0 with the genesis hash', () => {
    const empty = buildCheckpoint({ tenantId: TENANT_A, head: null, previous: null, privateKey: keys.privateKey });
    assert.deepEqual([empty.seq, empty.headHash], [0, GENESIS_HASH]);
    assert.equal(verifyCheckpointSignature(empty, keys.publicKey), true);
  });

  test('is strictly later than the previous one even when the clock is not', () => {
    const previous = chain.checkpoints[1];
    const again = buildCheckpoint({ tenantId: TENANT_A, head, previous, privateKey: keys.privateKey, now: new Date(START) });
    assert.ok(again.time > previous.time);
  });

  test('refuses to sign over a head behind the previous checkpoint, or a diverged one', () => {
    const previous = chain.checkpoints[1];
    assert.throws(() => buildCheckpoint({ tenantId: TENANT_A, head: chain.events[14], previous, privateKey: keys.privateKey }), CheckpointError);
    const diverged = { ...head, hash: chain.events[3].hash };
    assert.throws(() => buildCheckpoint({ tenantId: TENANT_A, head: diverged, previous, privateKey: keys.privateKey }), CheckpointError);
  });

  test("refuses another tenant's head or previous checkpoint", () => {
    assert.throws(() => buildCheckpoint({ tenantId: TENANT_B, head, previous: null, privateKey: keys.privateKey }), /another tenant/);
    const otherPrevious = signCheckpoint({ ...chain.checkpoints[0], tenantId: TENANT_B }, keys.privateKey);
    assert.throws(() => buildCheckpoint({ tenantId: TENANT_A, head, previous: otherPrevious, privateKey: keys.privateKey }), /another tenant/);
  });
});

describe('the sealed private key', () => {
  const kek = randomBytes(32);

  test('unseals to a key whose checkpoints verify with the public key', () => {
    const sealed = sealPrivateKey(keys.privateKey, kek, 'checkpoint-key-1');
    const privateKey = unsealPrivateKey(sealed, kek, 'checkpoint-key-1');
    const checkpoint = buildCheckpoint({ tenantId: TENANT_A, head, previous: null, privateKey });
    assert.equal(verifyCheckpointSignature(checkpoint, keys.publicKey), true);
  });

  test('does not hold the private key in the clear', () => {
    const sealed = sealPrivateKey(keys.privateKey, kek);
    const pkcs8 = keys.privateKey.export({ format: 'der', type: 'pkcs8' });
    const rawKey = pkcs8.subarray(-32);
    for (const encoding of ['base64', 'base64url', 'hex'] as const) {
      assert.ok(!sealed.includes(rawKey.toString(encoding)), encoding);
      assert.ok(!sealed.includes(pkcs8.toString(encoding)), encoding);
    }
  });

  test('refuses a wrong key-encryption key, other associated data, or any altered byte', () => {
    const sealed = sealPrivateKey(keys.privateKey, kek, 'checkpoint-key-1');
    assert.throws(() => unsealPrivateKey(sealed, randomBytes(32), 'checkpoint-key-1'), CheckpointKeyError);
    assert.throws(() => unsealPrivateKey(sealed, kek, 'checkpoint-key-2'), CheckpointKeyError);
    const parts = sealed.split('.');
    const flipped = parts[2].replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    assert.throws(() => unsealPrivateKey([...parts.slice(0, 2), flipped, ...parts.slice(3)].join('.'), kek, 'checkpoint-key-1'), CheckpointKeyError);
    assert.throws(() => unsealPrivateKey('not sealed', kek), CheckpointKeyError);
    assert.throws(() => sealPrivateKey(keys.privateKey, randomBytes(16)), CheckpointKeyError);
  });
});

describe('public keys in export headers', () => {
  test('round-trip through base64 SPKI, with a stable fingerprint', () => {
    const imported = importPublicKey(exportPublicKey(keys.publicKey));
    assert.equal(getPublicKeyFingerprint(imported), getPublicKeyFingerprint(keys.publicKey));
    assert.notEqual(getPublicKeyFingerprint(generateCheckpointKeyPair().publicKey), getPublicKeyFingerprint(keys.publicKey));
  });

  test('refuse garbage and keys that are not Ed25519', () => {
    const x25519 = generateKeyPairSync('x25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    for (const text of ['', 'not base64 at all', Buffer.from('hello').toString('base64'), x25519]) {
      assert.throws(() => importPublicKey(text), CheckpointKeyError);
    }
  });
});
