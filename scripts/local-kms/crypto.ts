import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { invalidCiphertext, validation } from './errors';

/**
 * The local KMS's cryptography: AES-256-GCM everywhere, 96-bit random nonces.
 *
 * Ciphertext blob (opaque to clients, as in AWS):
 *   version 0x01 | key id (16 bytes, uuid) | material id (16 bytes, uuid) | nonce (12) | ciphertext | tag (16)
 * The header and the canonical encryption context are the GCM additional data, so editing the
 * header or presenting any other context (missing, extra or differently cased key or value) fails.
 */
const blobVersion = 0x01;
const headerLength = 1 + 16 + 16;
const nonceLength = 12;
const tagLength = 16;

export type EncryptionContext = Record<string, string>;

export interface BlobHeader {
  keyId: string;
  materialId: string;
}

export function encryptBlob(header: BlobHeader, material: Buffer, plaintext: Buffer, context: EncryptionContext): Buffer {
  const headerBytes = Buffer.concat([Buffer.from([blobVersion]), uuidToBytes(header.keyId), uuidToBytes(header.materialId)]);
  const nonce = randomBytes(nonceLength);
  const cipher = createCipheriv('aes-256-gcm', material, nonce);
  cipher.setAAD(Buffer.concat([headerBytes, canonicalizeContext(context)]));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([headerBytes, nonce, body, cipher.getAuthTag()]);
}

/** Reads which key and material a blob names; says nothing about whether it is authentic. */
export function readBlobHeader(blob: Buffer): BlobHeader {
  if (blob.length < headerLength + nonceLength + tagLength || blob[0] !== blobVersion) throw invalidCiphertext();
  return { keyId: bytesToUuid(blob.subarray(1, 17)), materialId: bytesToUuid(blob.subarray(17, 33)) };
}

export function decryptBlob(blob: Buffer, material: Buffer, context: EncryptionContext): Buffer {
  const headerBytes = blob.subarray(0, headerLength);
  const nonce = blob.subarray(headerLength, headerLength + nonceLength);
  const body = blob.subarray(headerLength + nonceLength, blob.length - tagLength);
  try {
    const decipher = createDecipheriv('aes-256-gcm', material, nonce);
    decipher.setAAD(Buffer.concat([headerBytes, canonicalizeContext(context)]));
    decipher.setAuthTag(blob.subarray(blob.length - tagLength));
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw invalidCiphertext();
  }
}

/** Seals key material under the master key; `label` (key and material id) is bound as additional data. */
export function sealMaterial(masterKey: Buffer, material: Buffer, label: string): string {
  const nonce = randomBytes(nonceLength);
  const cipher = createCipheriv('aes-256-gcm', masterKey, nonce);
  cipher.setAAD(Buffer.from(label));
  const body = Buffer.concat([cipher.update(material), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64');
}

export function openMaterial(masterKey: Buffer, sealed: string, label: string): Buffer {
  const bytes = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', masterKey, bytes.subarray(0, nonceLength));
  decipher.setAAD(Buffer.from(label));
  decipher.setAuthTag(bytes.subarray(bytes.length - tagLength));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(nonceLength, bytes.length - tagLength)), decipher.final()]);
  } catch {
    throw new Error(`Key material ${label} does not open with this master key (was BULKHEAD_KMS_MASTER_KEY changed?).`);
  }
}

/** Exact-match encoding: keys sorted by code unit, nothing normalized (case, whitespace, unicode). */
export function canonicalizeContext(context: EncryptionContext): Buffer {
  const entries = Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.from(JSON.stringify(entries));
}

/** Validates a request's EncryptionContext: absent means empty; values must be strings. */
export function parseContext(value: unknown): EncryptionContext {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw validation('EncryptionContext must be a map of strings.');
  for (const entry of Object.values(value)) {
    if (typeof entry !== 'string') throw validation('EncryptionContext must be a map of strings.');
  }
  return value as EncryptionContext;
}

function uuidToBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

function bytesToUuid(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
