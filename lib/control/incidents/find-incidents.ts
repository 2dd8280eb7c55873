import 'server-only';
import type { Principal } from '@/lib/auth/principal';
import type { Prisma } from '@/lib/generated/prisma/client';
import { withPlatformAccess } from '@/lib/tenancy/platform';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { encodeCursor, INCIDENT_ORDER, incidentWhere, type IncidentFilters } from './incident-filters';
import type { IncidentStatus } from './incident-status';

/** An incident as the console lists it. */
export interface IncidentView {
  id: string;
  tenant: { id: string; slug: string; name: string };
  kind: string;
  severity: string;
  layer: string;
  /** The other tenant involved: named for platform admins, only "another tenant" for the tenant's own people. */
  otherTenant: { id: string; label: string } | null;
  requestIds: string[];
  summary: string;
  status: IncidentStatus;
  assignee: { id: string; name: string; email: string } | null;
  version: number;
  openedAt: string;
  updatedAt: string;
}

/** One page of a list, and the position of the next one (null on the last page). */
export interface IncidentPage {
  incidents: IncidentView[];
  nextCursor: string | null;
}

export const INCIDENT_PAGE_SIZE = 50;

export const incidentListSelect = {
  id: true,
  tenantId: true,
  kind: true,
  severity: true,
  layer: true,
  otherTenantId: true,
  requestIds: true,
  summary: true,
  status: true,
  version: true,
  openedAt: true,
  updatedAt: true,
  assignee: { select: { id: true, name: true, email: true } },
} satisfies Prisma.IncidentSelect;

type IncidentRow = Prisma.IncidentGetPayload<{ select: typeof incidentListSelect }>;

/** One page of a tenant's incidents (RLS-confined), newest first. The other tenant is never named. */
export async function findTenantIncidents(
  tenant: { id: string; slug: string; name: string },
  filters: IncidentFilters,
  pageSize = INCIDENT_PAGE_SIZE,
): Promise<IncidentPage> {
  const rows = await withTenant(tenant.id, (tx) =>
    tx.incident.findMany({
      where: { AND: [{ tenantId: tenant.id }, incidentWhere(filters)] },
      orderBy: INCIDENT_ORDER,
      take: pageSize + 1,
      select: incidentListSelect,
    }),
  );
  return toPage(rows, pageSize, (row) => toIncidentView(row, tenant, row.otherTenantId ? { id: '', label: 'another tenant' } : null));
}

/**
 * One page of every tenant's incidents (or one tenant's, by the `tenant` filter's slug), for
 * platform admins: the platform path checks the role first. Other tenants are named.
 */
export async function findAllIncidents(principal: Principal, filters: IncidentFilters, pageSize = INCIDENT_PAGE_SIZE): Promise<IncidentPage> {
  return withPlatformAccess(principal, async (tx) => {
    const tenantCondition: Prisma.IncidentWhereInput = filters.tenant ? { tenant: { slug: filters.tenant } } : {};
    const rows = await tx.incident.findMany({
      where: { AND: [tenantCondition, incidentWhere(filters)] },
      orderBy: INCIDENT_ORDER,
      take: pageSize + 1,
      select: { ...incidentListSelect, tenant: { select: { id: true, slug: true, name: true } } },
    });
    const otherIds = [...new Set(rows.map((row) => row.otherTenantId).filter((id): id is string => id !== null))];
    const others = new Map((await tx.tenant.findMany({ where: { id: { in: otherIds } }, select: { id: true, name: true } })).map((t) => [t.id, t.name]));
    return toPage(rows, pageSize, (row) =>
      toIncidentView(row, row.tenant, row.otherTenantId ? { id: row.otherTenantId, label: others.get(row.otherTenantId) ?? row.otherTenantId } : null),
    );
  });
}

function toPage<Row extends IncidentRow>(rows: Row[], pageSize: number, toView: (row: Row) => IncidentView): IncidentPage {
  const shown = rows.slice(0, pageSize);
  const last = shown.at(-1);
  return { incidents: shown.map(toView), nextCursor: rows.length > pageSize && last ? encodeCursor(last) : null };
}

export function toIncidentView(row: IncidentRow, tenant: IncidentView['tenant'], otherTenant: IncidentView['otherTenant']): IncidentView {
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
    assignee: row.assignee,
    version: row.version,
    openedAt: row.openedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
