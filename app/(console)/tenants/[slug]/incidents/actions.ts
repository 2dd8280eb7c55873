'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { tenantAction } from '@/lib/actions/tenant-action';
import { addIncidentNote, INCIDENT_NOTE_MAX_LENGTH } from '@/lib/control/incidents/add-incident-note';
import { assignIncident } from '@/lib/control/incidents/assign-incident';
import { INCIDENT_STATUSES } from '@/lib/control/incidents/incident-status';
import { updateIncidentStatus } from '@/lib/control/incidents/update-incident-status';

// Triage is tenant.manage: tenant admins and platform admins. Compliance officers hold only
// incidents.read, so these refuse them (as "not found") even when called directly.
const incidentId = z.uuid({ error: 'That is not an incident id.' });
const expectedVersion = z.coerce.number({ error: 'Reload the incident and try again.' }).int().positive();

interface Editor {
  editor: { userId: string; email: string };
  requestId: string;
}

/**
 * The one shape of every triage action: validate with `schema` (strict objects naming the incident),
 * authorize tenant.manage on the tenant, act as the signed-in editor, revalidate the incident's pages,
 * return what the change returned.
 */
function incidentAction<Schema extends z.ZodType<{ incidentId: string }>, Result>(
  name: string,
  schema: Schema,
  act: (tenantId: string, input: z.infer<Schema> & Editor) => Promise<Result>,
) {
  return tenantAction({ name, permission: 'tenant.manage', schema }, async (context) => {
    const editor = { userId: context.principal.userId, email: context.principal.email };
    const result = await act(context.tenant.id, { ...context.input, editor, requestId: context.requestId });
    revalidatePath(`/tenants/${context.tenant.slug}/incidents`);
    revalidatePath(`/tenants/${context.tenant.slug}/incidents/${context.input.incidentId}`);
    revalidatePath('/incidents');
    return result;
  });
}

export const changeIncidentStatusAction = incidentAction(
  'incident.update',
  z.object({ incidentId, expectedVersion, status: z.enum(INCIDENT_STATUSES, { error: 'Choose open, acknowledged or resolved.' }) }).strict(),
  updateIncidentStatus,
);

export const assignIncidentAction = incidentAction(
  'incident.assign',
  z
    .object({
      incidentId,
      expectedVersion,
      // The form sends '' for "nobody".
      assigneeId: z.union([z.literal('').transform(() => null), z.uuid({ error: 'Choose someone from the list.' })]),
    })
    .strict(),
  assignIncident,
);

export const addIncidentNoteAction = incidentAction(
  'incident.note',
  z
    .object({
      incidentId,
      note: z
        .string({ error: 'Write a note.' })
        .trim()
        .min(1, 'Write a note.')
        .max(INCIDENT_NOTE_MAX_LENGTH, `A note holds at most ${INCIDENT_NOTE_MAX_LENGTH} characters.`),
    })
    .strict(),
  async (tenantId, input) => {
    await addIncidentNote(tenantId, input);
    return { added: true };
  },
);
