'use server';

import { tenantAction } from '@/lib/actions/tenant-action';
import { auditEventPageRequestSchema } from '@/lib/audit/viewer/event-filter';
import { readAuditEventPage } from '@/lib/audit/viewer/read-audit-events';

/** One page of the tenant's audit events (newest first) for the viewer's infinite scroll. */
export const findAuditEvents = tenantAction(
  { name: 'audit.find_events', permission: 'audit.read', schema: auditEventPageRequestSchema },
  ({ input, requestId, principal, tenant, grant }) => readAuditEventPage({ principal, tenant, grant }, input, { requestId, via: 'console' }),
);
