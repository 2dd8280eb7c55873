import 'server-only';
import { createHash } from 'node:crypto';
import { appendAuditEvents } from '@/lib/audit/store/append-events';
import { NotFoundError } from '@/lib/errors';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { recordIncidentActivity, type IncidentEditor } from './change-incident';

export const INCIDENT_NOTE_MAX_LENGTH = 4000;

/**
 * Adds a note to a tenant's incident's timeline, with an `incident.note` audit event in the same
 * transaction. The event holds the note's SHA-256 and length, not its text: the chain proves which
 * note was written when, and the text stays with the incident. A note does not change the incident,
 * so it neither needs nor moves its version (two admins may write notes at once).
 * @throws NotFoundError when the incident is not this tenant's
 */
export async function addIncidentNote(
  tenantId: string,
  request: { incidentId: string; note: string; editor: IncidentEditor; requestId: string },
): Promise<void> {
  await withTenant(tenantId, async (tx) => {
    const incident = await tx.incident.findFirst({ where: { id: request.incidentId, tenantId }, select: { id: true } });
    if (!incident) throw new NotFoundError('No such incident in this tenant.');
    await recordIncidentActivity(tx, tenantId, request, { kind: 'note', note: request.note });
    await appendAuditEvents(tx, tenantId, [
      {
        actor: { type: 'user', id: request.editor.userId, label: request.editor.email },
        action: 'incident.note',
        target: `incident:${request.incidentId}`,
        requestId: request.requestId,
        outcome: 'success',
        payload: { noteSha256: createHash('sha256').update(request.note).digest('hex'), length: request.note.length },
      },
    ]);
  });
}
