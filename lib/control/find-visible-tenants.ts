import 'server-only';
import type { Principal } from '@/lib/auth/principal';
import { withPlatformAccess } from '@/lib/tenancy/platform';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { tenantSummarySelect, type TenantSummary } from './tenant-summary';

/**
 * The tenants this principal may see: every active tenant for a platform admin (platform path),
 * otherwise exactly the tenants its grants name, each read inside its own tenant context.
 */
export async function findVisibleTenants(principal: Principal): Promise<TenantSummary[]> {
  if (principal.platformRole === 'platform_admin') {
    return withPlatformAccess(principal, (tx) => tx.tenant.findMany({ where: { status: 'active' }, select: tenantSummarySelect, orderBy: { name: 'asc' } }));
  }
  const tenants = await Promise.all(
    principal.grants.map((grant) => withTenant(grant.tenantId, (tx) => tx.tenant.findUnique({ where: { id: grant.tenantId }, select: tenantSummarySelect }))),
  );
  return tenants.filter((tenant): tenant is TenantSummary => tenant !== null).sort((a, b) => a.name.localeCompare(b.name));
}
