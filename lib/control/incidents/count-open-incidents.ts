import 'server-only';
import { withTenant } from '@/lib/tenancy/with-tenant';

/** How many of the tenant's incidents are open (not yet acknowledged or resolved), in its own RLS context. */
export async function countOpenIncidents(tenantId: string): Promise<number> {
  return withTenant(tenantId, (tx) => tx.incident.count({ where: { tenantId, status: 'open' } }));
}
