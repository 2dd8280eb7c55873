import 'server-only';
import { NoticeBackedCache } from '@/lib/db/notice-backed-cache';
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

/**
 * How long a resolved key is trusted without asking the database again. Revocation invalidates at
 * once in this process (invalidateApiKey) and, through its change notice, in every listening process
 * (gateway-cache-notices.ts); this period bounds it only while a process cannot listen (noticeBackedPeriodMs).
 */
export const API_KEY_CACHE_TTL_MS = env.apiKeyCacheMs;
// A key stops on its own revocation and on its tenant's change (offboarding).
const KEY_CHANGE_TOPICS = ['api_key', 'tenant'];

const globalCache = globalThis as unknown as { bulkheadResolvedApiKeys?: NoticeBackedCache<ResolvedApiKey | null> };
// Keyed by the secret's hash; unknown secrets are kept as null.
const cache = (globalCache.bulkheadResolvedApiKeys ??= new NoticeBackedCache({
  periodMs: API_KEY_CACHE_TTL_MS,
  topics: KEY_CHANGE_TOPICS,
  maxEntries: 10_000,
}));

/**
 * Resolves a presented secret to its key, tenant and scope, or null (unknown, revoked, the tenant is
 * offboarded, or a scope this code does not know). Misses and stale entries ask bulkhead_resolve_api_key,
 * a SECURITY DEFINER lookup by hash; unknown hashes are cached too, so a flood of bad keys costs one
 * query per key per TTL. Callers check the scope: a resolved key is not yet allowed anything.
 */
export async function resolveApiKey(secret: string, now = Date.now()): Promise<ResolvedApiKey | null> {
  const hash = hashApiKeySecret(secret);
  const cached = cache.getFresh(hash, now);
  if (cached) return cached.value;
  return cache.load(hash, now, async () => {
    const [row] = await getIdentityClient().$queryRaw<
      {
        key_id: string;
        tenant_id: string;
        key_name: string;
        revoked: boolean;
        tenant_slug: string;
        tenant_name: string;
        tenant_active: boolean;
        scope: string;
      }[]
    >`SELECT key_id::text, tenant_id::text, key_name, revoked, tenant_slug, tenant_name, tenant_active, scope FROM bulkhead_resolve_api_key(${hash})`;
    const scope = parseApiKeyScope(row?.scope);
    return row && !row.revoked && row.tenant_active && scope
      ? { keyId: row.key_id, keyName: row.key_name, tenantId: row.tenant_id, tenantSlug: row.tenant_slug, tenantName: row.tenant_name, scope }
      : null;
  });
}

/** Forgets a key at once (called by revocation), so this process refuses it on the very next request. */
export function invalidateApiKey(keyId: string) {
  cache.invalidateWhere((key) => key?.keyId === keyId);
}

/** Forgets every key of a tenant (its status changed: an offboarded tenant's keys stop at once). */
export function invalidateTenantApiKeys(tenantId: string) {
  cache.invalidateWhere((key) => key?.tenantId === tenantId);
}

/** Forgets every resolved key, valid or not (change notices may have been missed). */
export function forgetAllApiKeys() {
  cache.invalidateAll();
}
