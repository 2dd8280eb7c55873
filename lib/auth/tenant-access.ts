import 'server-only';
import { NotFoundError } from '@/lib/errors';
import { withPlatformAccess } from '@/lib/tenancy/platform';
import { hasTenantPermission, type Permission, type Principal, type TenantGrant } from './principal';

export interface TenantAccess {
  principal: Principal;
  tenant: { id: string; slug: string; name: string };
  /** The principal's own grant; null for a platform admin acting through the platform path. */
  grant: TenantGrant | null;
}

/**
 * Decides whether `principal` may exercise `permission` on the tenant named by `slug`.
 * The slug only selects among tenants the session already grants; a tenant the principal
 * cannot see, or a permission it lacks, is indistinguishable from a tenant that does not exist.
 */
export async function resolveTenantAccess(principal: Principal, slug: string, permission: Permission): Promise<TenantAccess> {
  const grant = principal.grants.find((candidate) => candidate.slug === slug) ?? null;
  if (!hasTenantPermission(principal, grant, permission)) throw new NotFoundError();
  if (grant) return { principal, tenant: { id: grant.tenantId, slug: grant.slug, name: grant.name }, grant };

  const tenant = await withPlatformAccess(principal, (tx) =>
    tx.tenant.findFirst({ where: { slug, status: 'active' }, select: { id: true, slug: true, name: true } }),
  );
  if (!tenant) throw new NotFoundError();
  return { principal, tenant, grant: null };
}
