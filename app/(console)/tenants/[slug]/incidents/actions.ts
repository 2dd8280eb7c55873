'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { tenantAction } from '@/lib/actions/tenant-action';
import { INCIDENT_STATUSES, updateIncidentStatus } from '@/lib/control/incidents/update-incident-status';

export const updateTenantIncidentAction = tenantAction(
  { name: 'incident.update', permission: 'tenant.manage', schema: z.object({ incidentId: z.uuid(), status: z.enum(INCIDENT_STATUSES) }).strict() },
  async ({ principal, tenant, input, requestId }) => {
    await updateIncidentStatus(tenant.id, {
      ...input,
      actor: { type: 'user', id: principal.userId, label: principal.email },
      userId: principal.userId,
      requestId,
    });
    revalidatePath(`/tenants/${tenant.slug}/incidents`);
    return { incidentId: input.incidentId, status: input.status };
  },
);
