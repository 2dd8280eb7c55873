import 'server-only';
import { createHash } from 'node:crypto';
import { ReEncryptCommand } from '@aws-sdk/client-kms';
import { getEncryptionContext, readKeyId } from './data-keys';
import { formatEnvelope, parseEnvelope } from './envelope-format';
import type { Purpose } from './envelope';
import { KmsDecryptError } from './errors';
import { emitKeyEvent } from './key-events';
import { getKeyAlias, normalizeTenantId, type KeyOwner } from './key-owner';
import { ensurePlatformKey, ensureTenantKey } from './key-provider';
import { sendKmsCommand } from './send-kms-command';

export interface RewrapScope {
  tenantId: string;
  /** The purpose the rows were encrypted for (the re-wrap job knows it from the table). */
  purpose: Purpose;
  /** The key the ciphertext is under now; default 'tenant'. */
  from?: KeyOwner;
  /** The key to move it to; default the same owner (its current material, after a rotation). */
  to?: KeyOwner;
}

/** Per-job memo: rows sharing a data key cost one ReEncrypt. Create one per job run (`new Map()`). */
export type RewrapMemo = Map<string, { keyId: string; wrappedKey: Buffer }>;

/**
 * Moves a stored ciphertext's data key forward with one KMS ReEncrypt of the wrapped data key:
 * onto the key's current material after a rotation, or to another key when a tenant's tier
 * changes (platform ↔ tenant). The data itself is not decrypted or re-encrypted, so the nonce
 * and the sealed part are unchanged. Source and destination are pinned to the tenant's keys and
 * context, exactly as decryptForTenant pins them. Returns the new `bh1.` string to store.
 */
export async function rewrapCiphertext(scope: RewrapScope, ciphertext: string, memo?: RewrapMemo): Promise<string> {
  const tenantId = normalizeTenantId(scope.tenantId);
  const from = scope.from ?? 'tenant';
  const to = scope.to ?? from;
  try {
    const envelope = parseEnvelope(ciphertext);
    const memoKey = [tenantId, scope.purpose, from, to, createHash('sha256').update(envelope.wrappedKey).digest('hex')].join('\u0000');
    let moved = memo?.get(memoKey);
    if (!moved) {
      if (to !== from) await (to === 'tenant' ? ensureTenantKey(tenantId) : ensurePlatformKey());
      const context = getEncryptionContext({ tenantId, purpose: scope.purpose });
      const output = await sendKmsCommand(
        'ReEncrypt',
        (client) =>
          client.send(
            new ReEncryptCommand({
              CiphertextBlob: envelope.wrappedKey,
              SourceKeyId: getKeyAlias(from, tenantId),
              SourceEncryptionContext: context,
              DestinationKeyId: getKeyAlias(to, tenantId),
              DestinationEncryptionContext: context,
            }),
          ),
        { tenantId, purpose: scope.purpose },
      );
      if (readKeyId(output.SourceKeyId!) !== envelope.keyId) throw new KmsDecryptError('key_mismatch');
      moved = { keyId: readKeyId(output.KeyId!), wrappedKey: Buffer.from(output.CiphertextBlob!) };
      memo?.set(memoKey, moved);
      emitKeyEvent({ type: 'data_key_rewrapped', tenantId, purpose: scope.purpose, keyId: moved.keyId });
    }
    return formatEnvelope({ ...envelope, ...moved });
  } catch (error) {
    if (error instanceof KmsDecryptError) {
      emitKeyEvent({ type: 'decrypt_refused', tenantId, purpose: scope.purpose, errorCode: error.code, reason: error.reason });
    }
    throw error;
  }
}
