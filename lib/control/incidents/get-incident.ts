import 'server-only';
import { isPlatformAdmin } from '@/lib/auth/principal';
import type { TenantAccess } from '@/lib/auth/tenant-access';
import { withPlatformAccess } from '@/lib/tenancy/platform';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { findIncidentAssignees, type IncidentAssignee } from './find-incident-assignees';
import { incidentListSelect, toIncidentView, type IncidentView } from './find-incidents';

/** One line of an incident's timeline after it opened. */
export interface IncidentActivityView {
  id: string;
  kind: 'status' | 'assignment' | 'note';
  /** A status, or for an assignment the person's name (null: nobody). */
  before: string | null;
  after: string | null;
  note: string | null;
  actor: string;
  at: string;
}

export interface IncidentDetail {
  incident: IncidentView;
  activity: IncidentActivityView[];
  /** Who the incident may be assigned to. */
  assignees: IncidentAssignee[];
}

/**
 * An incident of the tenant the caller holds access to, with its timeline and the people it may be
 * assigned to, or null when the tenant has no such incident (another tenant's id reads as absent:
 * the read runs under the tenant's RLS and names the tenant too). The other tenant of a bleed is
 * named only for platform admins.
 */
export async function getIncident(access: TenantAccess, incidentId: string): Promise<IncidentDetail | null> {
  const { tenant } = access;
  const found = await withTenant(tenant.id, async (tx) => {
    const row = await tx.incident.findFirst({ where: { id: incidentId, tenantId: tenant.id }, select: incidentListSelect });
    if (!row) return null;
    const activity = await tx.incidentActivity.findMany({ where: { tenantId: tenant.id, incidentId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    const assignees = await findIncidentAssignees(tx, tenant.id);
    const assignedIds = activity.filter((entry) => entry.kind === 'assignment').flatMap((entry) => [entry.beforeValue, entry.afterValue]);
    const people = await tx.user.findMany({ where: { id: { in: assignedIds.filter((id): id is string => id !== null) } }, select: { id: true, name: true } });
    return { row, activity, assignees, names: new Map(people.map((person) => [person.id, person.name])) };
  });
  if (!found) return null;
  const { row, activity, assignees, names } = found;
  const otherTenant = row.otherTenantId ? await nameOtherTenant(access, row.otherTenantId) : null;
  const nameOf = (id: string | null) => (id === null ? null : (names.get(id) ?? 'a removed user'));
  return {
    incident: toIncidentView(row, tenant, otherTenant),
    activity: activity.map((entry) => ({
      id: entry.id,
      kind: entry.kind as IncidentActivityView['kind'],
      before: entry.kind === 'assignment' ? nameOf(entry.beforeValue) : entry.beforeValue,
      after: entry.kind === 'assignment' ? nameOf(entry.afterValue) : entry.afterValue,
      note: entry.note,
      actor: entry.actorLabel,
      at: entry.createdAt.toISOString(),
    })),
    assignees,
  };
}

async function nameOtherTenant(access: TenantAccess, otherTenantId: string): Promise<IncidentView['otherTenant']> {
  if (!isPlatformAdmin(access.principal)) return { id: '', label: 'another tenant' };
  const other = await withPlatformAccess(access.principal, (tx) => tx.tenant.findUnique({ where: { id: otherTenantId }, select: { name: true } }));
  return { id: otherTenantId, label: other?.name ?? otherTenantId };
}
