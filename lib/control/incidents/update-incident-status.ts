import 'server-only';
import { appendAuditEvents } from '@/lib/audit/store/append-events';
import type { AuditActor } from '@/lib/audit/event';
import { NotFoundError } from '@/lib/errors';
import { withTenant } from '@/lib/tenancy/with-tenant';

export const INCIDENT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/**
 * Moves an incident of the tenant to a new status; the change and its audit event
 * (`incident.update`, or `incident.close` when resolved) commit together.
 * @throws NotFoundError when the incident is not this tenant's
 */
export async function updateIncidentStatus(
  tenantId: string,
  input: { incidentId: string; status: IncidentStatus; actor: AuditActor; userId: string; requestId: string },
) {
  await withTenant(tenantId, async (tx) => {
    const before = await tx.incident.findFirst({ where: { id: input.incidentId, tenantId }, select: { status: true } });
    if (!before) throw new NotFoundError();
    await tx.incident.update({ where: { id: input.incidentId }, data: { status: input.status, updatedAt: new Date(), updatedBy: input.userId } });
    await appendAuditEvents(tx, tenantId, [
      {
        actor: input.actor,
        action: input.status === 'resolved' ? 'incident.close' : 'incident.update',
        target: `incident:${input.incidentId}`,
        requestId: input.requestId,
        outcome: 'success',
        payload: { before: { status: before.status }, after: { status: input.status } },
      },
    ]);
  });
}
