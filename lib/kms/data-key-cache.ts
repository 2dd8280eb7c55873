import 'server-only';
import { createHash } from 'node:crypto';

/** A plaintext data key held in memory, with the KMS-wrapped form that travels in ciphertexts. */
export interface CachedDataKey {
  tenantId: string;
  plaintextKey: Buffer;
  wrappedKey: Buffer;
  keyId: string;
  createdAt: number;
  uses: number;
}

export interface DataKeyCacheLimits {
  maxAgeMs: number;
  maxUses: number;
  maxEntries: number;
  now?: () => number;
}

/**
 * Data keys in memory, so KMS is called once per (tenant, key, context) per key lifetime rather
 * than once per request. Two kinds of entry, never mixed:
 * - encryption: keyed by tenant, key alias and purpose; hands out the same data key for new messages;
 * - decryption: keyed by tenant, key alias, purpose and the SHA-256 of the wrapped key; only
 *   filled from a KMS answer for that tenant, so another tenant's ciphertext can never hit it.
 * An entry is dropped (and its bytes zeroed) once it is older than maxAgeMs or used maxUses times.
 */
export class DataKeyCache {
  private readonly entries = new Map<string, CachedDataKey>();
  private readonly purgeCounts = new Map<string, number>();
  private readonly tenantCounts = new Map<string, { hits: number; misses: number }>();
  private readonly now: () => number;
  hits = 0;
  misses = 0;

  constructor(private readonly limits: DataKeyCacheLimits) {
    this.now = limits.now ?? Date.now;
  }

  static getEncryptionKey(tenantId: string, alias: string, purpose: string): string {
    return ['encrypt', tenantId, alias, purpose].join('\u0000');
  }

  static getDecryptionKey(tenantId: string, alias: string, purpose: string, wrappedKey: Buffer): string {
    return ['decrypt', tenantId, alias, purpose, createHash('sha256').update(wrappedKey).digest('hex')].join('\u0000');
  }

  /** The entry if still fresh, counting this use; undefined (a miss) otherwise. */
  take(cacheKey: string): CachedDataKey | undefined {
    const entry = this.entries.get(cacheKey);
    if (entry && (this.now() - entry.createdAt >= this.limits.maxAgeMs || entry.uses >= this.limits.maxUses)) {
      this.remove(cacheKey);
    } else if (entry) {
      entry.uses += 1;
      this.hits += 1;
      this.countForTenant(cacheKey, 'hits');
      return entry;
    }
    this.misses += 1;
    this.countForTenant(cacheKey, 'misses');
    return undefined;
  }

  /** Hits, misses and live entries of one tenant (the console's key page shows them). */
  getTenantStats(tenantId: string): { hits: number; misses: number; size: number } {
    let size = 0;
    for (const entry of this.entries.values()) if (entry.tenantId === tenantId) size += 1;
    return { hits: 0, misses: 0, ...this.tenantCounts.get(tenantId), size };
  }

  /** How many times the tenant was purged: a KMS answer requested before a purge must not be cached after it. */
  getPurgeCount(tenantId: string): number {
    return this.purgeCounts.get(tenantId) ?? 0;
  }

  /**
   * Stores a copy of the key bytes (the caller may zero its own) and counts the caller's use.
   * Skipped when the tenant was purged since `purgeCount` was read.
   */
  put(cacheKey: string, entry: Omit<CachedDataKey, 'createdAt' | 'uses'>, purgeCount = this.getPurgeCount(entry.tenantId)) {
    if (purgeCount !== this.getPurgeCount(entry.tenantId)) return;
    this.remove(cacheKey);
    this.entries.set(cacheKey, { ...entry, plaintextKey: Buffer.from(entry.plaintextKey), createdAt: this.now(), uses: 1 });
    // Maps iterate in insertion order, so the first key is the oldest entry.
    while (this.entries.size > this.limits.maxEntries) this.remove(this.entries.keys().next().value!);
  }

  /** Forgets every data key of one tenant (crypto-shredding, rotation). */
  purgeTenant(tenantId: string, kind?: 'encrypt' | 'decrypt') {
    this.purgeCounts.set(tenantId, this.getPurgeCount(tenantId) + 1);
    for (const [cacheKey, entry] of this.entries) {
      if (entry.tenantId === tenantId && (!kind || cacheKey.startsWith(`${kind}\u0000`))) this.remove(cacheKey);
    }
  }

  clear() {
    for (const cacheKey of [...this.entries.keys()]) this.remove(cacheKey);
    this.hits = 0;
    this.misses = 0;
    this.tenantCounts.clear();
  }

  get size() {
    return this.entries.size;
  }

  // Cache keys are `<kind>\u0000<tenantId>\u0000...` (see getEncryptionKey / getDecryptionKey).
  private countForTenant(cacheKey: string, field: 'hits' | 'misses') {
    const tenantId = cacheKey.split('\u0000')[1];
    const counts = this.tenantCounts.get(tenantId) ?? { hits: 0, misses: 0 };
    counts[field] += 1;
    this.tenantCounts.set(tenantId, counts);
  }

  private remove(cacheKey: string) {
    this.entries.get(cacheKey)?.plaintextKey.fill(0);
    this.entries.delete(cacheKey);
  }
}
