import 'server-only';
import { UserFacingError } from '@/lib/errors';
import { changeIncident, type IncidentChangeRequest } from './change-incident';
import { findIncidentAssignees } from './find-incident-assignees';

/**
 * Gives a tenant's incident to someone who may act on that tenant (or to nobody: `assigneeId`
 * null). The assignee is checked against the tenant's admins and the platform admins in the same
 * transaction, so an id from elsewhere (another tenant's admin, a compliance officer) is refused.
 * @throws UserFacingError (422) when the person may not act on this tenant
 * @throws NotFoundError, IncidentConflictError as changeIncident
 */
export async function assignIncident(tenantId: string, request: IncidentChangeRequest & { assigneeId: string | null }) {
  return changeIncident(tenantId, request, async (current, tx) => {
    if (current.assigneeId === request.assigneeId)
      throw new UserFacingError(request.assigneeId ? 'The incident is already assigned to that person.' : 'The incident is not assigned to anyone.', 409);
    if (request.assigneeId !== null) {
      const candidates = await findIncidentAssignees(tx, tenantId);
      if (!candidates.some((candidate) => candidate.id === request.assigneeId))
        throw new UserFacingError('That person cannot act on this tenant. Choose someone from the list.', 422);
    }
    return {
      data: { assigneeId: request.assigneeId },
      activity: { kind: 'assignment', beforeValue: current.assigneeId, afterValue: request.assigneeId },
      audit: { action: 'incident.assign', payload: { before: { assigneeId: current.assigneeId }, after: { assigneeId: request.assigneeId } } },
    };
  });
}
