import 'server-only';
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { takeNonce } from './nonce-pool';
import { KmsDecryptError } from './errors';
import { buildAdditionalData, formatEnvelope, parseEnvelope } from './envelope-format';
import { getDataKeyForDecryption, getDataKeyForEncryption } from './data-keys';
import { emitKeyEvent } from './key-events';
import { recordKeyUse } from './key-usage';
import { normalizeTenantId, type KeyOwner } from './key-owner';

export const PURPOSES = ['prompt', 'document', 'audit_payload', 'secret'] as const;
export type Purpose = (typeof PURPOSES)[number];

/** What a message is bound to. All of it comes from the server side (session, route, row), never from the request body. */
export interface EnvelopeScope {
  /** The authenticated tenant. */
  tenantId: string;
  purpose: Purpose;
  /** The row the ciphertext is stored in: a ciphertext copied to another row does not decrypt. */
  recordId: string;
  /** Which key: the tenant's own (default) or the platform key; choose with selectKeyOwner(tiers). */
  keyOwner?: KeyOwner;
  /**
   * A key of the data's own instead (a placement key, lib/placement): its id as the control plane
   * recorded it. Encryption and decryption are pinned to exactly this key; it is never created here.
   */
  keyId?: string;
}

/**
 * Encrypts under a data key of the tenant's key: AES-256-GCM, random 96-bit nonce, additional
 * data binding tenant, purpose and record. Returns the `bh1.` string (see envelope-format.ts).
 * Fails closed: any KMS problem throws a KmsError; there is no fallback key and no plaintext path.
 */
export async function encryptForTenant(scope: EnvelopeScope, plaintext: string | Buffer): Promise<string> {
  const binding = normalizeScope(scope);
  const dataKey = await getDataKeyForEncryption(binding);
  try {
    const nonce = takeNonce();
    const cipher = createCipheriv('aes-256-gcm', dataKey.plaintextKey, nonce);
    cipher.setAAD(buildAdditionalData(binding));
    const body = Buffer.concat([cipher.update(typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext), cipher.final()]);
    recordKeyUse(binding.tenantId, 'encrypt', binding.purpose);
    return formatEnvelope({ keyId: dataKey.keyId, wrappedKey: dataKey.wrappedKey, nonce, sealed: Buffer.concat([body, cipher.getAuthTag()]) });
  } finally {
    dataKey.plaintextKey.fill(0);
  }
}

/**
 * Decrypts a `bh1.` ciphertext for the authenticated tenant, purpose and record. The key and the
 * context are the tenant's, never read from the ciphertext; a ciphertext of another tenant,
 * purpose or record, under another key, or with any byte changed throws KmsDecryptError.
 */
export async function decryptForTenant(scope: EnvelopeScope, ciphertext: string): Promise<Buffer> {
  const binding = normalizeScope(scope);
  try {
    const envelope = parseEnvelope(ciphertext);
    const dataKey = await getDataKeyForDecryption(binding, envelope.wrappedKey, envelope.keyId);
    try {
      const decipher = createDecipheriv('aes-256-gcm', dataKey.plaintextKey, envelope.nonce);
      decipher.setAAD(buildAdditionalData(binding));
      decipher.setAuthTag(envelope.sealed.subarray(envelope.sealed.length - 16));
      const plaintext = Buffer.concat([decipher.update(envelope.sealed.subarray(0, envelope.sealed.length - 16)), decipher.final()]);
      recordKeyUse(binding.tenantId, 'decrypt', binding.purpose);
      return plaintext;
    } catch (error) {
      throw new KmsDecryptError('authentication_failed', { cause: error });
    } finally {
      dataKey.plaintextKey.fill(0);
    }
  } catch (error) {
    if (error instanceof KmsDecryptError) {
      emitKeyEvent({ type: 'decrypt_refused', tenantId: binding.tenantId, purpose: binding.purpose, errorCode: error.code, reason: error.reason });
    }
    throw error;
  }
}

function normalizeScope(scope: EnvelopeScope) {
  if (!PURPOSES.includes(scope.purpose)) throw new TypeError(`Unknown encryption purpose: ${String(scope.purpose)}`);
  if (typeof scope.recordId !== 'string' || scope.recordId.length === 0 || scope.recordId.length > 256) {
    throw new TypeError('An encryption record id must be a non-empty string (at most 256 characters).');
  }
  if (scope.keyId !== undefined && !/^[A-Za-z0-9-]{1,128}$/.test(scope.keyId)) throw new TypeError('A pinned key must be a KMS key id');
  return {
    tenantId: normalizeTenantId(scope.tenantId),
    purpose: scope.purpose,
    recordId: scope.recordId,
    owner: scope.keyOwner ?? 'tenant',
    keyId: scope.keyId,
  };
}
