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
 * How long a resolved key is trusted without asking the database again. Revocation in this process
 * invalidates at once (invalidateApiKey); another process sees it after at most this long. Running
 * several gateway processes with a stricter need: shorten this, or add LISTEN/NOTIFY on revocation.
 */
export const API_KEY_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

const globalCache = globalThis as unknown as { bulkheadApiKeyCache?: Map<string, CacheEntry> };
const cache = (globalCache.bulkheadApiKeyCache ??= new Map());

/**
 * Resolves a presented secret to its key, tenant and scope, or null (unknown, revoked, the tenant is
 * offboarded, or a scope this code does not know). Misses and stale entries ask bulkhead_resolve_api_key,
 * a SECURITY DEFINER lookup by hash; unknown hashes are cached too, so a flood of bad keys costs one
 * query per key per TTL. Callers check the scope: a resolved key is not yet allowed anything.
 */
export async function resolveApiKey(secret: string, now = Date.now()): Promise<ResolvedApiKey | null> {
  const hash = hashApiKeySecret(secret);
  const cached = cache.get(hash);
  if (cached && now - cached.loadedAt < API_KEY_CACHE_TTL_MS) return cached.key;

  const [row] = await getIdentityClient().$queryRaw<
    { key_id: string; tenant_id: string; key_name: string; revoked: boolean; tenant_slug: string; tenant_name: string; tenant_active: boolean; scope: string }[]
  >`SELECT key_id::text, tenant_id::text, key_name, revoked, tenant_slug, tenant_name, tenant_active, scope FROM bulkhead_resolve_api_key(${hash})`;
  const scope = parseApiKeyScope(row?.scope);
  const key =
    row && !row.revoked && row.tenant_active && scope
      ? { keyId: row.key_id, keyName: row.key_name, tenantId: row.tenant_id, tenantSlug: row.tenant_slug, tenantName: row.tenant_name, scope }
      : null;
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(hash, { key, loadedAt: now });
  return key;
}

/** Forgets a key at once (called by revocation), so this process refuses it on the very next request. */
export function invalidateApiKey(keyId: string) {
  for (const [hash, entry] of cache) if (entry.key?.keyId === keyId) cache.delete(hash);
}
