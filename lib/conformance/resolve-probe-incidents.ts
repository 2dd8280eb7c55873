import 'server-only';
import type { AuditActor } from '@/lib/audit/event';
import { appendAuditEvents } from '@/lib/audit/store/append-events';
import { withTenant } from '@/lib/tenancy/with-tenant';

/** Which incidents a canary probe opened: the requesting (probe) tenant's name its request; the canary owner's name none. */
export type ProbeIncidents =
  | { tenantId: string; requestId: string }
  | {
      tenantId: string;
      /** The probe tenant: no real traffic comes from it, so its bleed incidents since `since` are the probe's. */
      requestingTenantId: string;
      since: Date;
      /** The id this tenant's `incident.close` events carry (the run's): never the probe tenant's request id. */
      eventRequestId: string;
    };

/**
 * Resolves the incidents a probe opened on purpose, each with its `incident.close` event in the same
 * transaction: they stay on record as evidence that the pipeline raised them, without waiting in the
 * queue for a person as if a real leak had happened. Returns how many it resolved.
 */
export async function resolveProbeIncidents(probe: ProbeIncidents, actor: AuditActor): Promise<number> {
  const { tenantId } = probe;
  const requestId = 'requestId' in probe ? probe.requestId : probe.eventRequestId;
  return withTenant(tenantId, async (tx) => {
    const incidents = await tx.incident.findMany({
      where:
        'requestId' in probe
          ? { tenantId, requestIds: { has: probe.requestId }, status: { not: 'resolved' } }
          : {
              tenantId,
              kind: 'cross_tenant_bleed',
              otherTenantId: probe.requestingTenantId,
              requestIds: { isEmpty: true },
              openedAt: { gte: probe.since },
              status: { not: 'resolved' },
            },
      select: { id: true, status: true },
    });
    for (const incident of incidents) {
      // A version bump like any change, so a person's change prepared before this one is refused, not applied over it.
      await tx.incident.update({ where: { id: incident.id }, data: { status: 'resolved', updatedAt: new Date(), updatedBy: null, version: { increment: 1 } } });
      await tx.incidentActivity.create({
        data: { tenantId, incidentId: incident.id, kind: 'status', beforeValue: incident.status, afterValue: 'resolved', actorLabel: actor.label ?? actor.id },
        select: { id: true },
      });
    }
    if (incidents.length > 0) {
      await appendAuditEvents(
        tx,
        tenantId,
        incidents.map((incident) => ({
          actor,
          action: 'incident.close' as const,
          target: `incident:${incident.id}`,
          requestId,
          outcome: 'success' as const,
          payload: { before: { status: incident.status }, after: { status: 'resolved' }, reason: 'opened by an isolation conformance probe' },
        })),
      );
    }
    return incidents.length;
  });
}
