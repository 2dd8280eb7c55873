import 'server-only';
import { KmsDecryptError } from './errors';

/**
 * The stored ciphertext, version 1: five dot-separated parts, all but the first base64url.
 *
 *   bh1.<keyId>.<wrappedDataKey>.<nonce>.<ciphertext+tag>
 *
 * - keyId: the KMS key id (uuid) that wraps the data key, in clear so rotation and shredding
 *   reports can tell which records a key covers. It never chooses the decryption key: decryption
 *   is pinned to the authenticated tenant's key and refused if this part names another.
 * - wrappedDataKey: the GenerateDataKey CiphertextBlob (context `{ tenant_id, purpose }`).
 * - nonce: 12 random bytes; ciphertext+tag: AES-256-GCM output with its 16-byte tag.
 * The GCM additional data binds version, tenant id, purpose and record id (see buildAdditionalData).
 */
export const envelopeVersion = 'bh1';

export interface Envelope {
  keyId: string;
  wrappedKey: Buffer;
  nonce: Buffer;
  sealed: Buffer;
}

export interface RecordBinding {
  tenantId: string;
  purpose: string;
  recordId: string;
}

const keyIdPattern = /^[A-Za-z0-9-]{1,128}$/;
const base64urlPattern = /^[A-Za-z0-9_-]+$/;

export function formatEnvelope(envelope: Envelope): string {
  return [envelopeVersion, envelope.keyId, envelope.wrappedKey, envelope.nonce, envelope.sealed]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/** Parses a stored ciphertext; anything but a well-formed bh1 value is a KmsDecryptError ('malformed'). */
export function parseEnvelope(text: unknown): Envelope {
  const parts = typeof text === 'string' ? text.split('.') : [];
  if (parts.length !== 5 || parts[0] !== envelopeVersion || !keyIdPattern.test(parts[1])) throw new KmsDecryptError('malformed');
  const [wrappedKey, nonce, sealed] = parts.slice(2).map(decodeStrictBase64url);
  if (wrappedKey.length === 0 || nonce.length !== 12 || sealed.length < 16) throw new KmsDecryptError('malformed');
  return { keyId: parts[1], wrappedKey, nonce, sealed };
}

/** The key id a stored ciphertext names, for reports (which records does this key cover?). */
export function readEnvelopeKeyId(ciphertext: string): string {
  return parseEnvelope(ciphertext).keyId;
}

/** Length-unambiguous encoding of what each message is bound to. */
export function buildAdditionalData(binding: RecordBinding): Buffer {
  return Buffer.from(JSON.stringify([envelopeVersion, binding.tenantId, binding.purpose, binding.recordId]));
}

// Node's decoder ignores stray characters and padding bits; insisting on the canonical form means
// any edited character in a stored ciphertext is refused here or by GCM, never silently accepted.
function decodeStrictBase64url(part: string): Buffer {
  const bytes = base64urlPattern.test(part) ? Buffer.from(part, 'base64url') : Buffer.alloc(0);
  if (bytes.toString('base64url') !== part) throw new KmsDecryptError('malformed');
  return bytes;
}
