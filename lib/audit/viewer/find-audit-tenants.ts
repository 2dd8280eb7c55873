import 'server-only';
import { hasTenantPermission, type Principal } from '@/lib/auth/principal';
import { withPlatformAccess } from '@/lib/tenancy/platform';

export interface AuditTenantChoice {
  id: string;
  slug: string;
  name: string;
  /** True when only the platform-admin role opens it (the access will be recorded in its chain). */
  isPlatformAccess: boolean;
}

/**
 * The tenants whose audit log this principal may open: a compliance officer's assigned tenants, a tenant
 * admin's own, and for a platform admin every active tenant (through the platform path).
 */
export async function findAuditTenantChoices(principal: Principal): Promise<AuditTenantChoice[]> {
  const ownRole = { ...principal, platformRole: null };
  const own = principal.grants
    .filter((grant) => hasTenantPermission(ownRole, grant, 'audit.read'))
    .map((grant) => ({ id: grant.tenantId, slug: grant.slug, name: grant.name, isPlatformAccess: false }));
  if (principal.platformRole !== 'platform_admin') return own.sort(byName);

  const all = await withPlatformAccess(principal, (tx) =>
    tx.tenant.findMany({ where: { status: 'active' }, select: { id: true, slug: true, name: true }, orderBy: { name: 'asc' } }),
  );
  const ownIds = new Set(own.map((tenant) => tenant.id));
  return all.map((tenant) => ({ ...tenant, isPlatformAccess: !ownIds.has(tenant.id) }));
}

function byName(a: { name: string }, b: { name: string }) {
  return a.name.localeCompare(b.name);
}
