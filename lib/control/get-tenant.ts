import 'server-only';
import { NotFoundError } from '@/lib/errors';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { tenantSummarySelect, type TenantSummary } from './tenant-summary';

/** One tenant's control-plane row, read under that tenant's own RLS context. */
export async function getTenantSummary(tenantId: string): Promise<TenantSummary> {
  const tenant = await withTenant(tenantId, (tx) => tx.tenant.findUnique({ where: { id: tenantId }, select: tenantSummarySelect }));
  if (!tenant) throw new NotFoundError();
  return tenant;
}
