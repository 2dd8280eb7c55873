import 'server-only';
import type { TenantTransaction } from '@/lib/tenancy/with-tenant';

export interface IncidentAssignee {
  id: string;
  name: string;
  email: string;
}

/**
 * The people who may take an incident of the tenant: its admins and the platform admins (both may
 * triage it). Compliance officers read incidents but do not act on them, so they are not offered.
 * Runs inside the tenant's transaction: memberships are read under its RLS.
 */
export async function findIncidentAssignees(tx: TenantTransaction, tenantId: string): Promise<IncidentAssignee[]> {
  const admins = await tx.membership.findMany({
    where: { tenantId, role: 'admin', user: { disabledAt: null } },
    select: { user: { select: { id: true, name: true, email: true } } },
  });
  const platformAdmins = await tx.user.findMany({ where: { platformRole: 'platform_admin', disabledAt: null }, select: { id: true, name: true, email: true } });
  const byId = new Map([...admins.map((row) => row.user), ...platformAdmins].map((user) => [user.id, user]));
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
}
