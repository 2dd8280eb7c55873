'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { platformAction } from '@/lib/actions/tenant-action';
import { INCIDENT_STATUSES, updateIncidentStatus } from '@/lib/control/incidents/update-incident-status';

export const updatePlatformIncidentAction = platformAction(
  { name: 'incident.update', schema: z.object({ tenantId: z.uuid(), incidentId: z.uuid(), status: z.enum(INCIDENT_STATUSES) }).strict() },
  async ({ principal, input, requestId }) => {
    // A platform admin may act on any tenant's incidents; the change lands in that tenant's audit chain.
    await updateIncidentStatus(input.tenantId, {
      ...input,
      actor: { type: 'user', id: principal.userId, label: principal.email },
      userId: principal.userId,
      requestId,
    });
    revalidatePath('/incidents');
    return { incidentId: input.incidentId, status: input.status };
  },
);
