'use server';

import { tenantAction } from '@/lib/actions/tenant-action';
import { auditEventPageRequestSchema } from '@/lib/audit/viewer/event-filter';
import { readAuditEventPage } from '@/lib/audit/viewer/read-audit-events';
import { readInferenceDecision, type InferenceDecision } from '@/lib/audit/viewer/read-inference-decision';
import { withholdKeptText } from '@/lib/audit/viewer/withhold-kept-text';

/**
 * One page of the tenant's audit events (newest first) for the viewer's infinite scroll, with the
 * decision fields of each inference event in clear (keyed by seq): the reader holds audit.read. Kept
 * prompts and answers are withheld: the request page shows them and records the read.
 */
export const findAuditEvents = tenantAction(
  { name: 'audit.find_events', permission: 'audit.read', schema: auditEventPageRequestSchema },
  async ({ input, requestId, principal, tenant, grant }) => {
    const page = await readAuditEventPage({ principal, tenant, grant }, input, { requestId, via: 'console' });
    const decisions: Record<number, InferenceDecision> = {};
    await Promise.all(
      page.events.map(async (event) => {
        const decision = await readInferenceDecision(tenant.id, event);
        if (decision) decisions[event.seq] = decision;
      }),
    );
    return { ...page, events: page.events.map(withholdKeptText), decisions };
  },
);
