import 'server-only';
import { noticeBackedPeriodMs } from '@/lib/db/change-notices';
import { env } from '@/lib/env';
import { getIdentityClient } from '@/lib/tenancy/identity';
import { hashApiKeySecret } from './api-key-secret';
import { parseApiKeyScope, type ApiKeyScope } from './api-key-scope';

/** What a valid key resolves to. */
export interface ResolvedApiKey {
  keyId: string;
  keyName: string;
  tenantId: string;
  tenantSlug: string;
  tenantName: string;
  /** What the key may do; each endpoint checks it (the gateway: inference, the audit API: audit_read). */
  scope: ApiKeyScope;
}

interface CacheEntry {
  key: ResolvedApiKey | null;
  loadedAt: number;
}

/**
 * How long a resolved key is trusted without asking the database again. Revocation invalidates at
 * once in this process (invalidateApiKey) and, through its change notice, in every listening process
 * (gateway-cache-notices.ts); this period bounds it only while a process cannot listen (noticeBackedPeriodMs).
 */
export const API_KEY_CACHE_TTL_MS = env.apiKeyCacheMs;
const MAX_ENTRIES = 10_000;
// A key stops on its own revocation and on its tenant's change (offboarding).
const KEY_CHANGE_TOPICS = ['api_key', 'tenant'];

const globalCache = globalThis as unknown as { bulkheadApiKeyCache?: Map<string, CacheEntry>; bulkheadApiKeyInvalidations?: { count: number } };
const cache = (globalCache.bulkheadApiKeyCache ??= new Map());
// Counts invalidations. A lookup that was in flight while one happened may have read the key as it
// was before the change: its answer serves the request that asked, but is not kept.
const invalidations = (globalCache.bulkheadApiKeyInvalidations ??= { count: 0 });

/**
 * Resolves a presented secret to its key, tenant and scope, or null (unknown, revoked, the tenant is
 * offboarded, or a scope this code does not know). Misses and stale entries ask bulkhead_resolve_api_key,
 * a SECURITY DEFINER lookup by hash; unknown hashes are cached too, so a flood of bad keys costs one
 * query per key per TTL. Callers check the scope: a resolved key is not yet allowed anything.
 */
export async function resolveApiKey(secret: string, now = Date.now()): Promise<ResolvedApiKey | null> {
  const hash = hashApiKeySecret(secret);
  const cached = cache.get(hash);
  if (cached && now - cached.loadedAt < noticeBackedPeriodMs(API_KEY_CACHE_TTL_MS, KEY_CHANGE_TOPICS)) return cached.key;

  const invalidationsBefore = invalidations.count;
  const [row] = await getIdentityClient().$queryRaw<
    { key_id: string; tenant_id: string; key_name: string; revoked: boolean; tenant_slug: string; tenant_name: string; tenant_active: boolean; scope: string }[]
  >`SELECT key_id::text, tenant_id::text, key_name, revoked, tenant_slug, tenant_name, tenant_active, scope FROM bulkhead_resolve_api_key(${hash})`;
  const scope = parseApiKeyScope(row?.scope);
  const key =
    row && !row.revoked && row.tenant_active && scope
      ? { keyId: row.key_id, keyName: row.key_name, tenantId: row.tenant_id, tenantSlug: row.tenant_slug, tenantName: row.tenant_name, scope }
      : null;
  if (invalidations.count !== invalidationsBefore) return key;
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(hash, { key, loadedAt: now });
  return key;
}

/** Forgets a key at once (called by revocation), so this process refuses it on the very next request. */
export function invalidateApiKey(keyId: string) {
  invalidations.count += 1;
  for (const [hash, entry] of cache) if (entry.key?.keyId === keyId) cache.delete(hash);
}

/** Forgets every key of a tenant (its status changed: an offboarded tenant's keys stop at once). */
export function invalidateTenantApiKeys(tenantId: string) {
  invalidations.count += 1;
  for (const [hash, entry] of cache) if (entry.key?.tenantId === tenantId) cache.delete(hash);
}

/** Forgets every resolved key, valid or not (change notices may have been missed). */
export function forgetAllApiKeys() {
  invalidations.count += 1;
  cache.clear();
}
