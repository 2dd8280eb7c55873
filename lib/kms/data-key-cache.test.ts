import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DataKeyCache } from './data-key-cache';

const tenantA = 'aaaaaaaa-0000-4000-8000-000000000001';
const tenantB = 'bbbbbbbb-0000-4000-8000-000000000002';

function createCache(limits: Partial<{ maxAgeMs: number; maxUses: number; maxEntries: number }> = {}) {
  let now = 1_000_000;
  const cache = new DataKeyCache({ maxAgeMs: 1000, maxUses: 3, maxEntries: 100, ...limits, now: () => now });
  return { cache, advance: (ms: number) => void (now += ms) };
}

function createEntry(tenantId: string) {
  return { tenantId, plaintextKey: randomBytes(32), wrappedKey: randomBytes(64), keyId: 'key' };
}

describe('DataKeyCache', () => {
  test('serves an entry until it has been used maxUses times, counting the put as the first use', () => {
    const { cache } = createCache({ maxUses: 3 });
    const key = DataKeyCache.getEncryptionKey(tenantA, 'alias/a', 'prompt');
    cache.put(key, createEntry(tenantA));
    assert.ok(cache.take(key));
    assert.ok(cache.take(key));
    assert.equal(cache.take(key), undefined);
    assert.deepEqual([cache.hits, cache.misses], [2, 1]);
  });

  test('drops an entry once it is maxAgeMs old', () => {
    const { cache, advance } = createCache({ maxAgeMs: 1000, maxUses: 100 });
    const key = DataKeyCache.getEncryptionKey(tenantA, 'alias/a', 'prompt');
    cache.put(key, createEntry(tenantA));
    advance(999);
    assert.ok(cache.take(key));
    advance(1);
    assert.equal(cache.take(key), undefined);
  });

  test("one tenant's entry is never found under another tenant's key, for encryption or decryption", () => {
    const { cache } = createCache({ maxUses: 100 });
    const entry = createEntry(tenantB);
    cache.put(DataKeyCache.getEncryptionKey(tenantB, 'alias/b', 'prompt'), entry);
    cache.put(DataKeyCache.getDecryptionKey(tenantB, 'alias/b', 'prompt', entry.wrappedKey), entry);
    assert.equal(cache.take(DataKeyCache.getEncryptionKey(tenantA, 'alias/b', 'prompt')), undefined);
    assert.equal(cache.take(DataKeyCache.getDecryptionKey(tenantA, 'alias/b', 'prompt', entry.wrappedKey)), undefined);
    assert.equal(cache.take(DataKeyCache.getDecryptionKey(tenantB, 'alias/b', 'document', entry.wrappedKey)), undefined);
    // Positive control: the same lookups as B find it.
    assert.ok(cache.take(DataKeyCache.getEncryptionKey(tenantB, 'alias/b', 'prompt')));
    assert.ok(cache.take(DataKeyCache.getDecryptionKey(tenantB, 'alias/b', 'prompt', entry.wrappedKey)));
  });

  test('purgeTenant removes only that tenant, zeroes its key bytes, and refuses a put that started before it', () => {
    const { cache } = createCache({ maxUses: 100 });
    const keyA = DataKeyCache.getEncryptionKey(tenantA, 'alias/a', 'prompt');
    const keyB = DataKeyCache.getEncryptionKey(tenantB, 'alias/b', 'prompt');
    cache.put(keyA, createEntry(tenantA));
    cache.put(keyB, createEntry(tenantB));
    const heldByB = cache.take(keyB)!.plaintextKey;
    const purgeCountBefore = cache.getPurgeCount(tenantB);
    cache.purgeTenant(tenantB);
    assert.equal(cache.take(keyB), undefined);
    assert.ok(cache.take(keyA));
    assert.ok(heldByB.equals(Buffer.alloc(32)), 'purged key bytes are zeroed');
    cache.put(keyB, createEntry(tenantB), purgeCountBefore);
    assert.equal(cache.take(keyB), undefined, 'a KMS answer from before the purge is not cached');
    cache.put(keyB, createEntry(tenantB));
    assert.ok(cache.take(keyB), 'a fresh put after the purge is cached');
  });

  test('purgeTenant with a kind keeps the other kind', () => {
    const { cache } = createCache({ maxUses: 100 });
    const entry = createEntry(tenantA);
    const encryptKey = DataKeyCache.getEncryptionKey(tenantA, 'alias/a', 'prompt');
    const decryptKey = DataKeyCache.getDecryptionKey(tenantA, 'alias/a', 'prompt', entry.wrappedKey);
    cache.put(encryptKey, entry);
    cache.put(decryptKey, entry);
    cache.purgeTenant(tenantA, 'encrypt');
    assert.equal(cache.take(encryptKey), undefined);
    assert.ok(cache.take(decryptKey));
  });

  test('stores a copy, so the caller zeroing its key does not corrupt the cache', () => {
    const { cache } = createCache();
    const entry = createEntry(tenantA);
    const original = Buffer.from(entry.plaintextKey);
    const key = DataKeyCache.getEncryptionKey(tenantA, 'alias/a', 'prompt');
    cache.put(key, entry);
    entry.plaintextKey.fill(0);
    assert.ok(cache.take(key)!.plaintextKey.equals(original));
  });

  test('holds at most maxEntries, evicting the oldest', () => {
    const { cache } = createCache({ maxEntries: 2, maxUses: 100 });
    const keys = ['prompt', 'document', 'secret'].map((purpose) => DataKeyCache.getEncryptionKey(tenantA, 'alias/a', purpose));
    for (const key of keys) cache.put(key, createEntry(tenantA));
    assert.equal(cache.size, 2);
    assert.equal(cache.take(keys[0]), undefined);
    assert.ok(cache.take(keys[1]));
    assert.ok(cache.take(keys[2]));
  });
});
