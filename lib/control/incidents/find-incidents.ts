import 'server-only';
import type { Principal } from '@/lib/auth/principal';
import { withPlatformAccess } from '@/lib/tenancy/platform';
import { withTenant } from '@/lib/tenancy/with-tenant';

/** An incident as the console lists it. */
export interface IncidentView {
  id: string;
  tenant: { id: string; slug: string; name: string };
  kind: string;
  severity: string;
  layer: string;
  /** The other tenant involved: named for platform admins, only "another tenant" for tenant admins. */
  otherTenant: { id: string; label: string } | null;
  requestIds: string[];
  summary: string;
  status: 'open' | 'acknowledged' | 'resolved';
  openedAt: string;
  updatedAt: string;
}

const LIMIT = 200;

/** One tenant's incidents (RLS-confined), newest first. The other tenant is never named. */
export async function findTenantIncidents(tenant: { id: string; slug: string; name: string }): Promise<IncidentView[]> {
  const rows = await withTenant(tenant.id, (tx) => tx.incident.findMany({ where: { tenantId: tenant.id }, orderBy: { openedAt: 'desc' }, take: LIMIT }));
  return rows.map((row) => toView(row, tenant, row.otherTenantId ? { id: '', label: 'another tenant' } : null));
}

/** Every tenant's incidents, for platform admins (the platform path checks the role first). */
export async function findAllIncidents(principal: Principal): Promise<IncidentView[]> {
  return withPlatformAccess(principal, async (tx) => {
    const rows = await tx.incident.findMany({
      orderBy: { openedAt: 'desc' },
      take: LIMIT,
      include: { tenant: { select: { id: true, slug: true, name: true } } },
    });
    const otherIds = [...new Set(rows.map((row) => row.otherTenantId).filter((id): id is string => id !== null))];
    const others = new Map((await tx.tenant.findMany({ where: { id: { in: otherIds } }, select: { id: true, name: true } })).map((t) => [t.id, t.name]));
    return rows.map((row) =>
      toView(row, row.tenant, row.otherTenantId ? { id: row.otherTenantId, label: others.get(row.otherTenantId) ?? row.otherTenantId } : null),
    );
  });
}

function toView(
  row: {
    id: string;
    kind: string;
    severity: string;
    layer: string;
    requestIds: string[];
    summary: string;
    status: IncidentView['status'];
    openedAt: Date;
    updatedAt: Date;
  },
  tenant: IncidentView['tenant'],
  otherTenant: IncidentView['otherTenant'],
): IncidentView {
  return {
    id: row.id,
    tenant,
    kind: row.kind,
    severity: row.severity,
    layer: row.layer,
    otherTenant,
    requestIds: row.requestIds,
    summary: row.summary,
    status: row.status,
    openedAt: row.openedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
