import 'server-only';
import { createHmac } from 'node:crypto';
import { LOCAL_SIMULATOR_BASE_URL, MAX_UPSTREAM_TIMEOUT_MS, SHARED_POOL_KEY_SCOPE } from '@/lib/control/endpoints/endpoint-constants';
import { onGatewayConfigChange } from '@/lib/control/gateway-config-changes';
import { decryptForTenant } from '@/lib/kms';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { GatewayError } from './gateway-error';
import type { GatewayTenant } from './tenant-config';
import type { EgressRule } from '@/lib/http/public-address';
import { decideEgress } from './upstream-address';
import { env } from '@/lib/env';

/** An upstream the request will be sent to, with its credential decrypted (kept in memory only). */
export interface RoutedEndpoint {
  id: string;
  name: string;
  kind: 'openai' | 'vllm' | 'simulator';
  /** The OpenAI base URL, ending in /v1. */
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  /** Empty: any model the upstream serves. */
  models: string[];
  scope: 'shared' | 'dedicated';
  /** Which addresses the connection may reach (lib/http/public-address.ts). */
  egress: EgressRule;
}

export { LOCAL_SIMULATOR_BASE_URL, SHARED_POOL_KEY_SCOPE };
const ENDPOINT_TTL_MS = 10_000;
const globalCache = globalThis as unknown as { bulkheadEndpoints?: Map<string, { endpoints: RoutedEndpoint[]; loadedAt: number }> };
const cache = (globalCache.bulkheadEndpoints ??= new Map());

/**
 * Step 6: the endpoint for the tenant's prompt-layer tier. `dedicated` goes only to the tenant's
 * own enabled endpoint: with none it fails closed (503), never falling back to the shared pool.
 * Other tiers use the shared pool (enabled rows with no tenant), or the built-in local simulator
 * (BULKHEAD_LOCAL_MODEL_URL) when the pool is empty.
 * @throws GatewayError 404 when no candidate endpoint serves the model, 503 when none is configured
 */
export async function routeEndpoint(tenant: GatewayTenant, model: string, now = Date.now()): Promise<RoutedEndpoint> {
  const endpoints = await findTenantEndpoints(tenant, now);
  const endpoint = endpoints.find((candidate) => candidate.models.length === 0 || candidate.models.includes(model));
  if (!endpoint) throw new GatewayError(404, `The model '${model}' does not exist or you do not have access to it.`, 'model_not_found', 'model');
  return endpoint;
}

/**
 * Every endpoint the tenant's prompt tier may use, from a cache refreshed every 10 s.
 * @throws GatewayError 503 when there is none
 */
export async function findTenantEndpoints(tenant: GatewayTenant, now = Date.now()): Promise<RoutedEndpoint[]> {
  const isDedicated = tenant.tiers.prompt === 'dedicated';
  const cacheKey = isDedicated ? tenant.id : 'shared';
  let entry = cache.get(cacheKey);
  if (!entry || now - entry.loadedAt >= ENDPOINT_TTL_MS) {
    entry = { endpoints: await loadEndpoints(tenant.id, isDedicated), loadedAt: now };
    cache.set(cacheKey, entry);
  }
  if (entry.endpoints.length === 0) {
    const message = isDedicated ? 'This tenant requires a dedicated model endpoint and none is enabled.' : 'No model endpoint is available.';
    throw new GatewayError(503, message, 'no_endpoint');
  }
  return entry.endpoints;
}

/** Call after changing endpoints in this process (the console does, through announceGatewayConfigChange). */
export function invalidateEndpoints(tenantId?: string) {
  if (tenantId) cache.delete(tenantId);
  cache.delete('shared');
}

onGatewayConfigChange('endpoints', (change) => {
  if (change.kind === 'endpoints') invalidateEndpoints(change.tenantId);
});

async function loadEndpoints(tenantId: string, isDedicated: boolean): Promise<RoutedEndpoint[]> {
  // Under the tenant's context RLS shows its own rows and the shared pool (shared_pool_read), nothing else.
  const rows = await withTenant(tenantId, (tx) =>
    tx.modelEndpoint.findMany({ where: { tenantId: isDedicated ? tenantId : null, enabled: true }, orderBy: { createdAt: 'asc' } }),
  );
  const endpoints = await Promise.all(
    rows.map(async (row) => ({
      id: row.id,
      name: row.name,
      kind: row.kind,
      baseUrl: resolveBaseUrl(row.baseUrl),
      apiKey: row.apiKeySealed ? await unsealEndpointKey(row.id, row.apiKeySealed, row.tenantId) : 'none',
      timeoutMs: Math.min(row.timeoutMs, MAX_UPSTREAM_TIMEOUT_MS),
      egress: decideEgress(row.baseUrl, isDedicated ? 'dedicated' : 'shared'),
      models: row.models,
      scope: isDedicated ? ('dedicated' as const) : ('shared' as const),
    })),
  );
  if (!isDedicated && endpoints.length === 0 && env.localModelUrl) {
    endpoints.push({
      id: 'local-simulator',
      name: 'local simulator',
      kind: 'simulator',
      baseUrl: resolveBaseUrl(LOCAL_SIMULATOR_BASE_URL),
      apiKey: 'bulkhead-local',
      timeoutMs: env.upstreamTimeoutMs,
      models: [],
      scope: 'shared',
      egress: 'any',
    });
  }
  return endpoints;
}

function resolveBaseUrl(baseUrl: string): string {
  if (baseUrl !== LOCAL_SIMULATOR_BASE_URL) return baseUrl;
  const local = env.localModelUrl;
  if (!local) throw new GatewayError(503, 'The local model simulator is not running.', 'no_endpoint');
  return `${local.replace(/\/$/, '')}/v1`;
}

async function unsealEndpointKey(endpointId: string, sealed: string, ownerTenantId: string | null): Promise<string> {
  const scope = ownerTenantId
    ? { tenantId: ownerTenantId, purpose: 'secret' as const, recordId: `model_endpoint:${endpointId}`, keyOwner: 'tenant' as const }
    : { tenantId: SHARED_POOL_KEY_SCOPE, purpose: 'secret' as const, recordId: `model_endpoint:${endpointId}`, keyOwner: 'platform' as const };
  return (await decryptForTenant(scope, sealed)).toString('utf8');
}

/**
 * The cache salt for a tenant: HMAC-SHA256 of its id under a server secret. vLLM shares prefix-cache
 * blocks only between equal salts, so no tenant can hit (or time) another's cached prefix, and
 * nobody can compute a tenant's salt without the secret.
 * @throws GatewayError 503 when the secret is not configured (fail closed: no unsalted vLLM traffic)
 */
export function computeCacheSalt(tenantId: string, secret = env.cacheSaltSecret): string {
  if (!secret) throw new GatewayError(503, 'Cache isolation is not configured on this gateway.', 'cache_salt_unconfigured');
  // A tenant's salt never changes while the secret does not: computed once, not on every request.
  const key = `${secret}\u0000${tenantId}`;
  let salt = computedSalts.get(key);
  if (salt === undefined) {
    salt = createHmac('sha256', secret).update(tenantId).digest('base64url');
    if (computedSalts.size >= 10_000) computedSalts.clear();
    computedSalts.set(key, salt);
  }
  return salt;
}
const computedSalts = new Map<string, string>();

/** Only vLLM-style servers accept `cache_salt` (the simulator imitates vLLM); OpenAI would refuse it. */
export function acceptsCacheSalt(endpoint: Pick<RoutedEndpoint, 'kind'>): boolean {
  return endpoint.kind === 'vllm' || endpoint.kind === 'simulator';
}
