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

interface Editor {
  editor: { userId: string; email: string };
  requestId: string;
}

/**
 * The one body of every triage action, after tenantAction validated the strict schema naming the
 * incident and authorized tenant.manage: act as the signed-in editor, revalidate the incident's
 * pages, return what the change returned. (Each export calls tenantAction itself, so the check that
 * every 'use server' export is a wrapped action can see it.)
 */
async function triage<Input extends { incidentId: string }, Result>(
  context: TenantActionContext<Input>,
  act: (tenantId: string, input: Input & Editor) => Promise<Result>,
): Promise<Result> {
  const editor = { userId: context.principal.userId, email: context.principal.email };
  const result = await act(context.tenant.id, { ...context.input, editor, requestId: context.requestId });
  revalidatePath(`/tenants/${context.tenant.slug}/incidents`);
  revalidatePath(`/tenants/${context.tenant.slug}/incidents/${context.input.incidentId}`);
  revalidatePath('/incidents');
  return result;
}

const statusSchema = z.object({ incidentId, expectedVersion, status: z.enum(INCIDENT_STATUSES, { error: 'Choose open, acknowledged or resolved.' }) }).strict();

const assignSchema = z
  .object({
    incidentId,
    expectedVersion,
    // The form sends '' for "nobody".
    assigneeId: z.union([z.literal('').transform(() => null), z.uuid({ error: 'Choose someone from the list.' })]),
  })
  .strict();

const noteSchema = z
  .object({
    incidentId,
    note: z
      .string({ error: 'Write a note.' })
      .trim()
      .min(1, 'Write a note.')
      .max(INCIDENT_NOTE_MAX_LENGTH, `A note holds at most ${INCIDENT_NOTE_MAX_LENGTH} characters.`),
  })
  .strict();

export const changeIncidentStatusAction = tenantAction({ name: 'incident.update', permission: 'tenant.manage', schema: statusSchema }, (context) =>
  triage(context, updateIncidentStatus),
);

export const assignIncidentAction = tenantAction({ name: 'incident.assign', permission: 'tenant.manage', schema: assignSchema }, (context) =>
  triage(context, assignIncident),
);

export const addIncidentNoteAction = tenantAction({ name: 'incident.note', permission: 'tenant.manage', schema: noteSchema }, (context) =>
  triage(context, async (tenantId, input) => {
    await addIncidentNote(tenantId, input);
    return { added: true };
  }),
);
