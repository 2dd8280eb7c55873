import 'server-only';
import { createHash } from 'node:crypto';
import { canonicalizeCanaryToken, createCanaryToken } from '@/lib/canaries/canary-token';
import { getIdentityClient } from '@/lib/tenancy/identity';
import { withTenant } from '@/lib/tenancy/with-tenant';

/** How stale the in-memory registry of every tenant's canary hashes may get before it is reloaded. */
export const CANARY_REGISTRY_TTL_MS = 5_000;

interface Registry {
  ownerByHash: Map<string, string>;
  loadedAt: number;
  loading?: Promise<void>;
}

const globalState = globalThis as unknown as { bulkheadCanaries?: { registry: Registry; ownCanary: Map<string, Promise<string>> } };
const emptyRegistry: Registry = { ownerByHash: new Map(), loadedAt: 0 };
const state = (globalState.bulkheadCanaries ??= { registry: emptyRegistry, ownCanary: new Map() });

/** SHA-256 of the canonical token: what the registry (and bulkhead_canary_registry) holds. */
export function hashCanaryToken(token: string): string {
  return createHash('sha256').update(canonicalizeCanaryToken(token)).digest('hex');
}

/**
 * Reloads the registry when it is older than CANARY_REGISTRY_TTL_MS (one query, shared by concurrent
 * callers). Output screening calls this first, so another process's new canary is known within the TTL.
 */
export async function refreshCanaryRegistry(now = Date.now()): Promise<void> {
  const registry = state.registry;
  if (now - registry.loadedAt < CANARY_REGISTRY_TTL_MS) return;
  registry.loading ??= (async () => {
    try {
      const rows = await getIdentityClient().$queryRaw<{ token_hash: string; tenant_id: string }[]>`
        SELECT token_hash, tenant_id::text FROM bulkhead_canary_registry()`;
      registry.ownerByHash = new Map(rows.map((row) => [row.token_hash, row.tenant_id]));
      registry.loadedAt = Date.now();
    } finally {
      registry.loading = undefined;
    }
  })();
  await registry.loading;
}

/** The tenant a canary token belongs to, from the in-memory registry, or null. Synchronous, for the stream scanner. */
export function getCanaryOwner(token: string): string | null {
  return state.registry.ownerByHash.get(hashCanaryToken(token)) ?? null;
}

/**
 * Stores a canary for the tenant and adds it to this process's registry at once. Prompt
 * configurations call this for each prompt version's canary.
 */
export async function registerCanary(tenantId: string, token: string, source: string): Promise<void> {
  const canonical = canonicalizeCanaryToken(token);
  const tokenHash = hashCanaryToken(canonical);
  await withTenant(tenantId, (tx) => tx.canary.create({ data: { tenantId, token: canonical, tokenHash, source } }));
  state.registry.ownerByHash.set(tokenHash, tenantId);
}

/**
 * The canary planted in the tenant's default system prompt: created and registered on first use,
 * then cached (a canary never changes once planted). Two processes racing on a tenant's very first
 * request may each plant one; both are registered to the tenant, so either is recognised.
 */
export function getDefaultPromptCanary(tenantId: string): Promise<string> {
  // Concurrent first requests share one load, so a tenant does not get a canary per request.
  let pending = state.ownCanary.get(tenantId);
  if (!pending) {
    pending = loadDefaultPromptCanary(tenantId);
    pending.catch(() => state.ownCanary.delete(tenantId));
    state.ownCanary.set(tenantId, pending);
  }
  return pending;
}

async function loadDefaultPromptCanary(tenantId: string): Promise<string> {
  const existing = await withTenant(tenantId, (tx) =>
    tx.canary.findFirst({ where: { tenantId, source: DEFAULT_PROMPT_SOURCE }, orderBy: { createdAt: 'asc' }, select: { token: true } }),
  );
  if (existing) return existing.token;
  const token = createCanaryToken();
  await registerCanary(tenantId, token, DEFAULT_PROMPT_SOURCE);
  return token;
}

const DEFAULT_PROMPT_SOURCE = 'default_prompt';

/** Marks the registry stale: the next screening reloads it (a canary was added in some process). */
export function expireCanaryRegistry(): void {
  state.registry.loadedAt = 0;
}
