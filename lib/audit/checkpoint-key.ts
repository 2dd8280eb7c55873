import 'server-only';
// The Ed25519 key pair that signs checkpoints. The private key lives only sealed (AES-256-GCM under a
// caller-supplied 32-byte key-encryption key, which the platform KMS can wrap in turn); the public key
// travels in every export header as base64 SPKI DER.

import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, generateKeyPairSync, hash, randomBytes, type KeyObject } from 'node:crypto';

export class CheckpointKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointKeyError';
  }
}

const SEALED_PREFIX = 'bulkhead-sealed-ed25519.v1';

/** A fresh signing key pair; seal the private key before it leaves memory. */
export function generateCheckpointKeyPair(): { publicKey: KeyObject; privateKey: KeyObject } {
  return generateKeyPairSync('ed25519');
}

/** The public key as it appears in export headers: base64 of the SPKI DER encoding. */
export function exportPublicKey(publicKey: KeyObject): string {
  return publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
}

/**
 * Reads a public key from an export header or a pinned copy.
 * @throws CheckpointKeyError when the text is not a base64 SPKI Ed25519 public key
 */
export function importPublicKey(text: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(text.trim(), 'base64'), format: 'der', type: 'spki' });
  } catch {
    throw new CheckpointKeyError('the public key is not base64 SPKI DER');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new CheckpointKeyError('the public key is not an Ed25519 key');
  return key;
}

/** SHA-256 of the SPKI DER, hex: short enough to read aloud when comparing with a pinned key. */
export function getPublicKeyFingerprint(publicKey: KeyObject): string {
  return hash('sha256', publicKey.export({ format: 'der', type: 'spki' }), 'hex');
}

/**
 * Seals the PKCS8 private key: `bulkhead-sealed-ed25519.v1.<iv>.<ciphertext>.<tag>` (base64url parts).
 * @param keyEncryptionKey 32 random bytes (for example a KMS data key's plaintext)
 * @param associatedData bound into the GCM tag, e.g. the key's id, so a sealed key cannot be swapped for another
 */
export function sealPrivateKey(privateKey: KeyObject, keyEncryptionKey: Buffer, associatedData = ''): string {
  assertKeyEncryptionKey(keyEncryptionKey);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyEncryptionKey, iv);
  cipher.setAAD(buildAad(associatedData));
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  const ciphertext = Buffer.concat([cipher.update(pkcs8), cipher.final()]);
  pkcs8.fill(0);
  return [SEALED_PREFIX, iv, ciphertext, cipher.getAuthTag()].map(encodePart).join('.');
}

/**
 * Opens a sealed private key.
 * @throws CheckpointKeyError for a wrong key-encryption key, other associated data, or a tampered seal
 */
export function unsealPrivateKey(sealed: string, keyEncryptionKey: Buffer, associatedData = ''): KeyObject {
  assertKeyEncryptionKey(keyEncryptionKey);
  const match = /^bulkhead-sealed-ed25519\.v1\.([\w-]{16})\.([\w-]+)\.([\w-]{22})$/.exec(sealed);
  if (!match) throw new CheckpointKeyError('not a sealed checkpoint key');
  const [iv, ciphertext, tag] = match.slice(1).map((part) => Buffer.from(part, 'base64url'));
  const decipher = createDecipheriv('aes-256-gcm', keyEncryptionKey, iv);
  decipher.setAAD(buildAad(associatedData));
  decipher.setAuthTag(tag);
  let pkcs8: Buffer;
  try {
    pkcs8 = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw new CheckpointKeyError('cannot unseal the checkpoint key: wrong key-encryption key or tampered');
  }
  const key = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  pkcs8.fill(0);
  if (key.asymmetricKeyType !== 'ed25519') throw new CheckpointKeyError('the sealed key is not an Ed25519 key');
  return key;
}

function assertKeyEncryptionKey(key: Buffer) {
  if (!Buffer.isBuffer(key) || key.length !== 32) throw new CheckpointKeyError('the key-encryption key must be 32 bytes');
}

function buildAad(associatedData: string): Buffer {
  return Buffer.from(`${SEALED_PREFIX}\n${associatedData}`, 'utf8');
}

function encodePart(part: string | Buffer): string {
  return typeof part === 'string' ? part : part.toString('base64url');
}
