import type { AuditEventFields } from '@/lib/audit/event';
import { withTenantSql } from '@/lib/tenancy/with-tenant-sql';
import { appendAuditEventsSql } from './append-events-sql';

interface Waiter {
  fields: Omit<AuditEventFields, 'tenantId'>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface TenantQueue {
  pending: Waiter[];
  isFlushing: boolean;
}

/** Most events one transaction appends; a larger backlog is split over consecutive transactions. */
export const MAX_GROUP_SIZE = 256;

const globalState = globalThis as unknown as { bulkheadAuditQueues?: Map<string, TenantQueue> };
const queues = (globalState.bulkheadAuditQueues ??= new Map());

/**
 * Appends one event to the tenant's chain with group commit: events of the same tenant that
 * arrive while a transaction is being prepared or is in flight share the next transaction (one
 * lock, one insert, one commit). Each caller's promise settles only when ITS batch has committed,
 * or rejects if that batch failed, so "no answer without its audit event" holds per request.
 * Appends of different tenants never wait for each other.
 */
export function appendAuditEventGrouped(tenantId: string, fields: Omit<AuditEventFields, 'tenantId'>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let queue = queues.get(tenantId);
    if (!queue) {
      queue = { pending: [], isFlushing: false };
      queues.set(tenantId, queue);
    }
    queue.pending.push({ fields, resolve, reject });
    // setImmediate lets requests handled in the same event-loop turn join this batch.
    if (!queue.isFlushing) {
      queue.isFlushing = true;
      setImmediate(() => void flush(tenantId, queue));
    }
  });
}

async function flush(tenantId: string, queue: TenantQueue) {
  while (queue.pending.length > 0) {
    const batch = queue.pending.splice(0, MAX_GROUP_SIZE);
    try {
      await withTenantSql(tenantId, (client) => appendAuditEventsSql(client, tenantId, batch.map((waiter) => waiter.fields)));
      for (const waiter of batch) waiter.resolve();
    } catch (error) {
      for (const waiter of batch) waiter.reject(error);
    }
  }
  queue.isFlushing = false;
  if (queue.pending.length === 0) queues.delete(tenantId);
}
