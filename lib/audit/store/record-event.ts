import { withTenant } from '@/lib/tenancy/with-tenant';
import type { AuditEvent, AuditEventFields } from '../event';
import { appendAuditEvents } from './append-events';

interface Pending {
  fields: Omit<AuditEventFields, 'tenantId'>;
  resolve: (event: AuditEvent) => void;
  reject: (error: unknown) => void;
}

/** Most events one transaction appends; the rest wait for the next. */
const MAX_BATCH = 500;
const queues = new Map<string, Pending[]>();

/**
 * Appends one event in its own transaction, for events that are not part of a larger change
 * (sign-ins, denied requests, reads). Changes to tenant data append inside their own transaction instead,
 * with appendAuditEvents. Rejects when the write fails: callers fail closed on that.
 *
 * Concurrent calls for the same tenant in this process are coalesced: while one transaction holds the
 * tenant's head lock, the events arriving meanwhile wait here (holding no database connection) and are
 * appended together by the next transaction, in arrival order. Each call still resolves only once its
 * event is committed.
 */
export function recordAuditEvent(fields: AuditEventFields): Promise<AuditEvent> {
  const { tenantId, ...rest } = fields;
  return new Promise((resolve, reject) => {
    const queue = queues.get(tenantId);
    if (queue) {
      queue.push({ fields: rest, resolve, reject });
      return;
    }
    queues.set(tenantId, [{ fields: rest, resolve, reject }]);
    void drainQueue(tenantId);
  });
}

async function drainQueue(tenantId: string) {
  for (let queue = queues.get(tenantId)!; queue.length > 0; ) {
    const batch = queue.splice(0, MAX_BATCH);
    try {
      const events = await withTenant(tenantId, (tx) => appendAuditEvents(tx, tenantId, batch.map((pending) => pending.fields)));
      batch.forEach((pending, index) => pending.resolve(events[index]));
    } catch (error) {
      // One invalid event must not fail the others it was batched with: retry them one by one.
      if (batch.length === 1) batch[0].reject(error);
      else await appendOneByOne(tenantId, batch);
    }
  }
  queues.delete(tenantId);
}

async function appendOneByOne(tenantId: string, batch: Pending[]) {
  for (const pending of batch) {
    try {
      const [event] = await withTenant(tenantId, (tx) => appendAuditEvents(tx, tenantId, [pending.fields]));
      pending.resolve(event);
    } catch (error) {
      pending.reject(error);
    }
  }
}
