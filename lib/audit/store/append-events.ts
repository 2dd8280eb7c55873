import 'server-only';
import type { AuditEvent, AuditEventFields } from '../event';
import { appendAuditEventsWith, toAuditSqlClient } from './append-to-chain';
import { PLATFORM_CHAIN_ID, type AuditTransaction } from './audit-transaction';
import { holdInOutbox, isLogHeldElsewhere } from './audit-outbox';
import { scheduleOutboxRelay } from './schedule-outbox-relay';

/**
 * Appends events to one tenant's chain inside the caller's transaction, so an admin change and its
 * audit event commit or roll back together. The head row is locked by an upsert, which serializes
 * appenders of the same tenant (no forks, gaps or duplicate numbers) and leaves other tenants free.
 * Three round trips whatever the batch size: where the log lives, lock-and-read the head, then
 * insert events and move the head. When the tenant's log lives in its own schema or database (or is
 * moving), the events cannot commit with the change there: they are held in the control plane's
 * outbox in this same transaction and relayed into the chain after it commits (audit-outbox.ts);
 * the result is then empty.
 * @throws AuditChainFrozenError when this copy of the chain refuses appends (a tier migration; see chain-frozen-error.ts)
 */
export async function appendAuditEvents(tx: AuditTransaction, tenantId: string, batch: Omit<AuditEventFields, 'tenantId'>[]): Promise<AuditEvent[]> {
  const client = toAuditSqlClient(tx);
  if (batch.length > 0 && tenantId !== PLATFORM_CHAIN_ID && (await isLogHeldElsewhere(client, tenantId))) {
    await holdInOutbox(client, tenantId, batch);
    scheduleOutboxRelay(tenantId);
    return [];
  }
  return appendAuditEventsWith(client, tenantId, batch);
}
