import { getIdentityClient } from '@/lib/tenancy/identity';
import type { ScreeningTenant } from './types';

const TTL_MS = 60_000;
const globalState = globalThis as unknown as { bulkheadTenantDirectory?: { tenants: ScreeningTenant[]; loadedAt: number } };

/**
 * Every active tenant's id, slug and name (bulkhead_tenant_directory), cached for a minute: the input
 * screen needs other tenants' names to recognise "you are now tenant X". Never sent to a client.
 */
export async function findKnownTenants(now = Date.now()): Promise<ScreeningTenant[]> {
  const cached = globalState.bulkheadTenantDirectory;
  if (cached && now - cached.loadedAt < TTL_MS) return cached.tenants;
  const rows = await getIdentityClient().$queryRaw<{ tenant_id: string; slug: string; name: string }[]>`
    SELECT tenant_id::text, slug, name FROM bulkhead_tenant_directory()`;
  const tenants = rows.map((row) => ({ id: row.tenant_id, slug: row.slug, name: row.name }));
  globalState.bulkheadTenantDirectory = { tenants, loadedAt: now };
  return tenants;
}
