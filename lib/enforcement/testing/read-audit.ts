import { withTenant } from '@/lib/tenancy/with-tenant';

/** The tenant's audit events for one request, oldest first (payload parsed). */
export async function findRequestAuditEvents(tenantId: string, requestId: string) {
  const rows = await withTenant(tenantId, (tx) =>
    tx.auditEvent.findMany({
      where: { tenantId, requestId },
      orderBy: { seq: 'asc' },
      select: { action: true, outcome: true, payloadJson: true, actorId: true },
    }),
  );
  return rows.map((row) => ({ action: row.action, outcome: row.outcome, actorId: row.actorId, payload: JSON.parse(row.payloadJson) }));
}

/** The tenant's `inference.request` events, oldest first (payload parsed). */
export async function findInferenceAuditEvents(tenantId: string) {
  const rows = await withTenant(tenantId, (tx) =>
    tx.auditEvent.findMany({
      where: { tenantId, action: 'inference.request' },
      orderBy: { seq: 'asc' },
      select: { requestId: true, outcome: true, payloadJson: true },
    }),
  );
  return rows.map((row) => ({ requestId: row.requestId, outcome: row.outcome, payload: JSON.parse(row.payloadJson) }));
}

/** The tenant's incidents, newest first. */
export async function findTenantIncidents(tenantId: string) {
  return withTenant(tenantId, (tx) => tx.incident.findMany({ where: { tenantId }, orderBy: { openedAt: 'desc' } }));
}

/**
 * The incidents opened for the tenant whose canary leaked into `receivingTenantId`'s request since
 * `since`: they name no request (that id is in the receiving tenant's log only), so tests find them
 * by tenant pair and time.
 */
export async function findLeakedCanaryIncidents(ownerTenantId: string, receivingTenantId: string, since: Date) {
  return withTenant(ownerTenantId, (tx) =>
    tx.incident.findMany({
      where: { tenantId: ownerTenantId, kind: 'cross_tenant_bleed', otherTenantId: receivingTenantId, openedAt: { gte: since } },
      orderBy: { openedAt: 'desc' },
    }),
  );
}

/** The tenant's audit events about these incidents (their `incident.open` among them), payload parsed. */
export async function findIncidentAuditEvents(tenantId: string, incidentIds: readonly string[]) {
  const rows = await withTenant(tenantId, (tx) =>
    tx.auditEvent.findMany({
      where: { tenantId, target: { in: incidentIds.map((id) => `incident:${id}`) } },
      orderBy: { seq: 'asc' },
      select: { action: true, outcome: true, payloadJson: true, actorId: true, requestId: true },
    }),
  );
  return rows.map((row) => ({
    action: row.action,
    outcome: row.outcome,
    actorId: row.actorId,
    requestId: row.requestId,
    payload: JSON.parse(row.payloadJson),
  }));
}
