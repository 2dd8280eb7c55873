import 'server-only';
import type { AuditAction, JsonValue } from '@/lib/audit/event';
import { appendAuditEvents } from '@/lib/audit/store/append-events';
import { NotFoundError, UserFacingError } from '@/lib/errors';
import { withTenant, type TenantTransaction } from '@/lib/tenancy/with-tenant';
import type { IncidentStatus } from './incident-status';

/** The person changing an incident, as the session names them. */
export interface IncidentEditor {
  userId: string;
  email: string;
}

export interface IncidentChangeRequest {
  incidentId: string;
  /** The version the editor saw: the change is refused if anyone changed the incident since. */
  expectedVersion: number;
  editor: IncidentEditor;
  requestId: string;
}

/** What a change does, decided from the incident as it stands. */
export interface IncidentChange {
  data: { status?: IncidentStatus; assigneeId?: string | null };
  activity: { kind: 'status' | 'assignment'; beforeValue: string | null; afterValue: string | null };
  audit: { action: AuditAction; payload: { [key: string]: JsonValue } };
}

export interface IncidentState {
  status: IncidentStatus;
  assigneeId: string | null;
  version: number;
}

/** Someone else changed the incident after the editor loaded it. */
export class IncidentConflictError extends UserFacingError {
  constructor() {
    super('Someone else changed this incident after you loaded it, so your change was not applied. Look at the incident as it is now and try again.', 409);
    this.name = 'IncidentConflictError';
  }
}

/**
 * Applies one change to a tenant's incident with optimistic concurrency: the update only matches
 * the version the editor saw (a concurrent writer waits on the row lock, then matches nothing), so
 * of two admins acting on the same view one wins and the other is told, instead of overwriting it.
 * The change, its timeline entry and its audit event commit together. Returns the new version.
 * @throws NotFoundError when the incident is not this tenant's
 * @throws IncidentConflictError when the incident's version moved on
 */
export async function changeIncident(
  tenantId: string,
  request: IncidentChangeRequest,
  decide: (current: IncidentState, tx: TenantTransaction) => Promise<IncidentChange> | IncidentChange,
): Promise<{ version: number }> {
  return withTenant(tenantId, async (tx) => {
    const current = await tx.incident.findFirst({ where: { id: request.incidentId, tenantId }, select: { status: true, assigneeId: true, version: true } });
    if (!current) throw new NotFoundError('No such incident in this tenant.');
    if (current.version !== request.expectedVersion) throw new IncidentConflictError();
    const change = await decide(current, tx);
    const updated = await tx.incident.updateMany({
      where: { id: request.incidentId, tenantId, version: request.expectedVersion },
      data: { ...change.data, version: { increment: 1 }, updatedAt: new Date(), updatedBy: request.editor.userId },
    });
    if (updated.count !== 1) throw new IncidentConflictError();
    await recordIncidentActivity(tx, tenantId, request, change.activity);
    await appendAuditEvents(tx, tenantId, [
      {
        actor: { type: 'user', id: request.editor.userId, label: request.editor.email },
        action: change.audit.action,
        target: `incident:${request.incidentId}`,
        requestId: request.requestId,
        outcome: 'success',
        payload: change.audit.payload,
      },
    ]);
    return { version: request.expectedVersion + 1 };
  });
}

/** Adds a line to the incident's timeline (inside the caller's tenant transaction). */
export async function recordIncidentActivity(
  tx: TenantTransaction,
  tenantId: string,
  request: Pick<IncidentChangeRequest, 'incidentId' | 'editor'>,
  activity: { kind: 'status' | 'assignment' | 'note'; beforeValue?: string | null; afterValue?: string | null; note?: string },
): Promise<void> {
  await tx.incidentActivity.create({
    data: { tenantId, incidentId: request.incidentId, actorId: request.editor.userId, actorLabel: request.editor.email, ...activity },
    select: { id: true },
  });
}
