import 'server-only';
import { NoticeBackedCache } from '@/lib/db/notice-backed-cache';
import { env } from '@/lib/env';
import { DEFAULT_GATEWAY_SETTINGS, type GatewaySettings } from '@/lib/control/gateway-settings';
import { getPlatformGatewayLimits, type PlatformGatewayLimits } from '@/lib/control/platform-gateway-limits';
import { onGatewayConfigChange } from '@/lib/control/gateway-config-changes';
import type { LayerTiers } from '@/lib/policy/types';
import { GatewayError } from './gateway-error';
import { withTenant } from '@/lib/tenancy/with-tenant';

/** What the gateway needs to know about a tenant on every request; read from the control plane, cached. */
export interface GatewayTenant {
  id: string;
  slug: string;
  name: string;
  tiers: LayerTiers;
  settings: GatewaySettings;
}

/** How long tenant configuration is reused when no change notice arrives (gateway-cache-notices.ts); changes made in this process invalidate at once. */
export const TENANT_CONFIG_TTL_MS = env.tenantConfigCacheMs;
const TENANT_CHANGE_TOPICS = ['tenant'];

export { DEFAULT_GATEWAY_SETTINGS };

const globalCache = globalThis as unknown as { bulkheadGatewayTenants?: NoticeBackedCache<GatewayTenant> };
const cache = (globalCache.bulkheadGatewayTenants ??= new NoticeBackedCache({
  periodMs: TENANT_CONFIG_TTL_MS,
  topics: TENANT_CHANGE_TOPICS,
  maxEntries: 100_000,
}));

/**
 * The tenant's tiers and gateway settings, from a cache refreshed every TENANT_CONFIG_TTL_MS.
 * @throws GatewayError 403 when the tenant is offboarded or gone (its keys stop working with it)
 */
export async function getGatewayTenant(tenantId: string, now = Date.now()): Promise<GatewayTenant> {
  const cached = cache.getFresh(tenantId, now);
  if (cached) return cached.value;
  return cache.load(tenantId, now, () => loadGatewayTenant(tenantId));
}

async function loadGatewayTenant(tenantId: string): Promise<GatewayTenant> {
  const loaded = await withTenant(tenantId, async (tx) => {
    const tenant = await tx.tenant.findUnique({
      where: { id: tenantId },
      select: { id: true, slug: true, name: true, status: true, promptTier: true, retrievalTier: true, logsTier: true },
    });
    const settings = await tx.gatewaySettings.findUnique({ where: { tenantId } });
    return { tenant, settings, ceiling: await getPlatformGatewayLimits(tx) };
  });
  if (!loaded.tenant || loaded.tenant.status !== 'active') {
    cache.invalidate(tenantId);
    throw new GatewayError(403, 'This tenant is not active.', 'tenant_inactive');
  }
  const { tenant, settings, ceiling } = loaded;
  return {
    id: tenant.id,
    slug: tenant.slug,
    name: tenant.name,
    tiers: { prompt: tenant.promptTier, retrieval: tenant.retrievalTier, logs: tenant.logsTier },
    settings: applyCeiling(
      settings
        ? {
            requestsPerMinute: settings.requestsPerMinute,
            burst: settings.burst,
            screening: { mode: settings.screeningMode === 'flag' ? 'flag' : 'block' },
            storePayloads: settings.storePayloads,
            allowProviderStore: settings.allowProviderStore,
          }
        : DEFAULT_GATEWAY_SETTINGS,
      ceiling,
    ),
  };
}

/** A ceiling the platform lowered after the tenant saved its limits applies at once. */
function applyCeiling(settings: GatewaySettings, ceiling: PlatformGatewayLimits): GatewaySettings {
  return {
    ...settings,
    requestsPerMinute: Math.min(settings.requestsPerMinute, ceiling.maxRequestsPerMinute),
    burst: Math.min(settings.burst, ceiling.maxBurst),
  };
}

/** Call after changing a tenant's tiers or gateway settings in this process (the console does, through announceGatewayConfigChange). */
export function invalidateGatewayTenant(tenantId: string) {
  cache.invalidate(tenantId);
}

/** Forgets every cached tenant (change notices may have been missed). */
export function forgetAllGatewayTenants() {
  cache.invalidateAll();
}

onGatewayConfigChange('tenant-config', (change) => {
  if (change.kind === 'tenant') invalidateGatewayTenant(change.tenantId);
});
