import 'server-only';
import { UserFacingError } from '@/lib/errors';
import { changeIncident, type IncidentChangeRequest } from './change-incident';
import type { IncidentStatus } from './incident-status';

/**
 * Moves a tenant's incident to a new status (acknowledge, resolve, reopen); the change, its timeline
 * entry and its audit event (`incident.update`, or `incident.close` when resolved) commit together.
 * @throws NotFoundError when the incident is not this tenant's
 * @throws IncidentConflictError when someone changed it since the editor's view
 */
export async function updateIncidentStatus(tenantId: string, request: IncidentChangeRequest & { status: IncidentStatus }) {
  return changeIncident(tenantId, request, (current) => {
    if (current.status === request.status) throw new UserFacingError(`The incident is already ${request.status}.`, 409);
    return {
      data: { status: request.status },
      activity: { kind: 'status', beforeValue: current.status, afterValue: request.status },
      audit: {
        action: request.status === 'resolved' ? 'incident.close' : 'incident.update',
        payload: { before: { status: current.status }, after: { status: request.status } },
      },
    };
  });
}
