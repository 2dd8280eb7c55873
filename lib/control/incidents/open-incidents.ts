import 'server-only';
import { randomUUID } from 'node:crypto';
import { appendAuditEvents } from '@/lib/audit/store/append-events';
import type { AuditActor } from '@/lib/audit/event';
import { withTenant } from '@/lib/tenancy/with-tenant';
import type { IncidentDraft } from './derive-incidents';
import { recordIncidentUsage } from '../usage/record-usage';
import { incidentsOpened } from './incident-metrics';

/**
 * Opens incidents, each in its own tenant's transaction together with an `incident.open` event in
 * that tenant's audit chain. Opening one for another tenant (the owner of a leaked canary) is the
 * gateway acting as the system, not the caller reaching that tenant: the caller learns nothing back.
 * The event says only that another tenant was involved, never which: a tenant's log (and its exports)
 * must not name other tenants. The incident row keeps the id for the platform's incident view.
 * Returns the new incident ids of the requesting tenant only.
 */
export async function openIncidents(drafts: readonly IncidentDraft[], requestingTenantId: string): Promise<string[]> {
  const actor: AuditActor = { type: 'system', id: 'gateway' };
  const ids: string[] = [];
  for (const draft of drafts) {
    const id = await withTenant(draft.tenantId, async (tx) => {
      const row = await tx.incident.create({
        data: {
          tenantId: draft.tenantId,
          kind: draft.kind,
          severity: draft.severity,
          layer: draft.layer,
          otherTenantId: draft.otherTenantId,
          requestIds: draft.requestId ? [draft.requestId] : [],
          summary: draft.summary,
        },
        select: { id: true },
      });
      await appendAuditEvents(tx, draft.tenantId, [
        {
          actor,
          action: 'incident.open',
          target: `incident:${row.id}`,
          // The other tenant's request id stays out of this chain; the event gets an id of its own.
          requestId: draft.requestId ?? randomUUID(),
          outcome: 'success',
          payload: { kind: draft.kind, severity: draft.severity, layer: draft.layer, involvesAnotherTenant: draft.otherTenantId !== null },
        },
      ]);
      return row.id;
    });
    incidentsOpened.inc({ kind: draft.kind });
    recordIncidentUsage(draft.tenantId);
    if (draft.tenantId === requestingTenantId) ids.push(id);
  }
  return ids;
}
