'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { tenantAction, type TenantActionContext } from '@/lib/actions/tenant-action';
import { addIncidentNote, INCIDENT_NOTE_MAX_LENGTH } from '@/lib/control/incidents/add-incident-note';
import { assignIncident } from '@/lib/control/incidents/assign-incident';
import { INCIDENT_STATUSES } from '@/lib/control/incidents/incident-status';
import { updateIncidentStatus } from '@/lib/control/incidents/update-incident-status';

// Triage is tenant.manage: tenant admins and platform admins. Compliance officers hold only
// incidents.read, so these refuse them (as "not found") even when called directly.
const incidentId = z.uuid({ error: 'That is not an incident id.' });
const expectedVersion = z.coerce.number({ error: 'Reload the incident and try again.' }).int().positive();

function editorOf({ principal, requestId }: Pick<TenantActionContext<unknown>, 'principal' | 'requestId'>) {
  return { editor: { userId: principal.userId, email: principal.email }, requestId };
}

function revalidateIncident(tenantSlug: string, id: string) {
  revalidatePath(`/tenants/${tenantSlug}/incidents`);
  revalidatePath(`/tenants/${tenantSlug}/incidents/${id}`);
  revalidatePath('/incidents');
}

export const changeIncidentStatusAction = tenantAction(
  {
    name: 'incident.update',
    permission: 'tenant.manage',
    schema: z.object({ incidentId, expectedVersion, status: z.enum(INCIDENT_STATUSES, { error: 'Choose open, acknowledged or resolved.' }) }).strict(),
  },
  async (context) => {
    const result = await updateIncidentStatus(context.tenant.id, { ...context.input, ...editorOf(context) });
    revalidateIncident(context.tenant.slug, context.input.incidentId);
    return result;
  },
);

export const assignIncidentAction = tenantAction(
  {
    name: 'incident.assign',
    permission: 'tenant.manage',
    schema: z
      .object({
        incidentId,
        expectedVersion,
        // The form sends '' for "nobody".
        assigneeId: z.union([z.literal('').transform(() => null), z.uuid({ error: 'Choose someone from the list.' })]),
      })
      .strict(),
  },
  async (context) => {
    const result = await assignIncident(context.tenant.id, { ...context.input, ...editorOf(context) });
    revalidateIncident(context.tenant.slug, context.input.incidentId);
    return result;
  },
);

export const addIncidentNoteAction = tenantAction(
  {
    name: 'incident.note',
    permission: 'tenant.manage',
    schema: z
      .object({
        incidentId,
        note: z
          .string({ error: 'Write a note.' })
          .trim()
          .min(1, 'Write a note.')
          .max(INCIDENT_NOTE_MAX_LENGTH, `A note holds at most ${INCIDENT_NOTE_MAX_LENGTH} characters.`),
      })
      .strict(),
  },
  async (context) => {
    await addIncidentNote(context.tenant.id, { ...context.input, ...editorOf(context) });
    revalidateIncident(context.tenant.slug, context.input.incidentId);
    return { added: true };
  },
);
