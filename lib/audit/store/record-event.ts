import { withTenant } from '@/lib/tenancy/with-tenant';
import type { AuditEvent, AuditEventFields } from '../event';
import { appendAuditEvents } from './append-events';

/**
 * Appends one event in its own transaction, for events that are not part of a larger change
 * (sign-ins, denied requests). Changes to tenant data append inside their own transaction instead,
 * with appendAuditEvents. Rejects when the write fails: callers fail closed on that.
 */
export async function recordAuditEvent(fields: AuditEventFields): Promise<AuditEvent> {
  const { tenantId, ...rest } = fields;
  const [event] = await withTenant(tenantId, (tx) => appendAuditEvents(tx, tenantId, [rest]));
  return event;
}
