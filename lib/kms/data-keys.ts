import 'server-only';
import { DecryptCommand, GenerateDataKeyCommand } from '@aws-sdk/client-kms';
import { DataKeyCache } from './data-key-cache';
import { KmsDecryptError, KmsKeyNotFoundError } from './errors';
import { emitKeyEvent } from './key-events';
import { getKmsSettings } from './kms-client';
import { getKeyAlias, type KeyOwner } from './key-owner';
import { ensurePlatformKey, ensureTenantKey } from './key-provider';
import { sendKmsCommand } from './send-kms-command';

/** The data key a message is (or was) encrypted with. `plaintextKey` is the caller's copy: zero it after use. */
export interface DataKey {
  plaintextKey: Buffer;
  wrappedKey: Buffer;
  keyId: string;
}

export interface DataKeyScope {
  tenantId: string;
  purpose: string;
  owner: KeyOwner;
  /** A key of the data's own (a placement key), by id: used instead of the owner's alias. */
  keyId?: string;
}

/** The KeyId every KMS call of this scope names: the pinned key, else the owner's alias. */
function getKeyReference(scope: DataKeyScope): string {
  return scope.keyId ?? getKeyAlias(scope.owner, scope.tenantId);
}

let cache: DataKeyCache | undefined;
const inFlight = new Map<string, { tenantId: string; promise: Promise<DataKey> }>();

export function getDataKeyCache(): DataKeyCache {
  const settings = getKmsSettings();
  cache ??= new DataKeyCache({ maxAgeMs: settings.dataKeyMaxAgeMs, maxUses: settings.dataKeyMaxUses, maxEntries: settings.dataKeyMaxEntries });
  return cache;
}

/**
 * Forgets every cached data key of the tenant in this process, so its next encryption or
 * decryption must ask KMS (and fails if the key was disabled). Used by crypto-shredding.
 */
export function purgeTenant(tenantId: string) {
  getDataKeyCache().purgeTenant(tenantId);
  for (const [cacheKey, call] of inFlight) if (call.tenantId === tenantId) inFlight.delete(cacheKey);
}

/** Empties the cache and forgets calls in flight (tests, and after the KMS endpoint changes). */
export function clearDataKeyCache() {
  cache?.clear();
  cache = undefined;
  inFlight.clear();
}

/** The encryption context every data key is bound to: the tenant and the purpose, exactly. */
export function getEncryptionContext(scope: { tenantId: string; purpose: string }): Record<string, string> {
  return { tenant_id: scope.tenantId, purpose: scope.purpose };
}

/** A data key for new messages: cached, or one GenerateDataKey under the pinned key, else the owner's (created if missing). */
export function getDataKeyForEncryption(scope: DataKeyScope): Promise<DataKey> {
  const keyReference = getKeyReference(scope);
  const cacheKey = DataKeyCache.getEncryptionKey(scope.tenantId, keyReference, scope.purpose);
  const cached = getDataKeyCache().take(cacheKey);
  if (cached) return Promise.resolve(copyDataKey(cached));
  return shareInFlight(cacheKey, scope.tenantId, async (purgeCount) => {
    const generate = () =>
      sendKmsCommand(
        'GenerateDataKey',
        (client) => client.send(new GenerateDataKeyCommand({ KeyId: keyReference, KeySpec: 'AES_256', EncryptionContext: getEncryptionContext(scope) })),
        scope,
      );
    const output = await generate().catch(async (error) => {
      // A pinned key that is gone was shredded: never replace it (its data must stay unreadable).
      if (!(error instanceof KmsKeyNotFoundError) || scope.keyId) throw error;
      await (scope.owner === 'tenant' ? ensureTenantKey(scope.tenantId) : ensurePlatformKey());
      return generate();
    });
    const dataKey = { plaintextKey: Buffer.from(output.Plaintext!), wrappedKey: Buffer.from(output.CiphertextBlob!), keyId: readKeyId(output.KeyId!) };
    getDataKeyCache().put(cacheKey, { tenantId: scope.tenantId, ...dataKey }, purgeCount);
    // We know this key's plaintext already: reading back what we just wrote costs no KMS call.
    const decryptionKey = DataKeyCache.getDecryptionKey(scope.tenantId, keyReference, scope.purpose, dataKey.wrappedKey);
    getDataKeyCache().put(decryptionKey, { tenantId: scope.tenantId, ...dataKey }, purgeCount);
    emitKeyEvent({ type: 'data_key_generated', tenantId: scope.tenantId, keyId: dataKey.keyId, purpose: scope.purpose });
    return dataKey;
  });
}

/**
 * Unwraps a stored data key for this tenant and purpose. Decrypt is pinned to the pinned key or the
 * owner's key alias (KMS refuses a blob under any other key) and to this tenant's context; the key id KMS
 * reports must also equal the one the ciphertext names, or nothing is returned.
 */
export function getDataKeyForDecryption(scope: DataKeyScope, wrappedKey: Buffer, namedKeyId: string): Promise<DataKey> {
  const keyReference = getKeyReference(scope);
  const cacheKey = DataKeyCache.getDecryptionKey(scope.tenantId, keyReference, scope.purpose, wrappedKey);
  const cached = getDataKeyCache().take(cacheKey);
  if (cached) return cached.keyId === namedKeyId ? Promise.resolve(copyDataKey(cached)) : Promise.reject(new KmsDecryptError('key_mismatch'));
  return shareInFlight(cacheKey, scope.tenantId, async (purgeCount) => {
    const output = await sendKmsCommand(
      'Decrypt',
      (client) => client.send(new DecryptCommand({ CiphertextBlob: wrappedKey, EncryptionContext: getEncryptionContext(scope), KeyId: keyReference })),
      scope,
    );
    const dataKey = { plaintextKey: Buffer.from(output.Plaintext!), wrappedKey, keyId: readKeyId(output.KeyId!) };
    if (dataKey.keyId !== namedKeyId) {
      dataKey.plaintextKey.fill(0);
      throw new KmsDecryptError('key_mismatch');
    }
    getDataKeyCache().put(cacheKey, { tenantId: scope.tenantId, ...dataKey }, purgeCount);
    emitKeyEvent({ type: 'data_key_decrypted', tenantId: scope.tenantId, keyId: dataKey.keyId, purpose: scope.purpose });
    return dataKey;
  });
}

/** KMS answers with a key ARN; ciphertexts name the bare key id. */
export function readKeyId(keyIdOrArn: string): string {
  return keyIdOrArn.replace(/^arn:[^:]+:kms:[^:]*:\d*:key\//, '');
}

function copyDataKey(entry: DataKey): DataKey {
  return { plaintextKey: Buffer.from(entry.plaintextKey), wrappedKey: entry.wrappedKey, keyId: entry.keyId };
}

/**
 * Concurrent misses for the same cache entry share one KMS call; each caller gets its own key
 * copy. `load` receives the tenant's purge count from before the call, so an answer that arrives
 * after a crypto-shred purge is returned to the caller that asked before it but never cached.
 */
async function shareInFlight(cacheKey: string, tenantId: string, load: (purgeCount: number) => Promise<DataKey>): Promise<DataKey> {
  let call = inFlight.get(cacheKey);
  if (!call) {
    const started = { tenantId, promise: load(getDataKeyCache().getPurgeCount(tenantId)) };
    void started.promise.catch(() => {}).finally(() => inFlight.get(cacheKey) === started && inFlight.delete(cacheKey));
    inFlight.set(cacheKey, started);
    call = started;
  }
  return copyDataKey(await call.promise);
}

/** One tenant's share of the cache in this process: hits, misses and live entries. */
export function getTenantDataKeyCacheStats(tenantId: string) {
  return getDataKeyCache().getTenantStats(tenantId);
}

/** Cache effectiveness for metrics: hits, misses and live entries in this process. */
export function getDataKeyCacheStats() {
  const current = getDataKeyCache();
  return { hits: current.hits, misses: current.misses, size: current.size };
}
