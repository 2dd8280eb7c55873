import type { AuditEventFields } from '../event';
import type { AuditSqlClient } from './append-events';

export type HeldEventFields = Omit<AuditEventFields, 'tenantId'>;

/**
 * Whether an event appended inside a control-plane transaction (an admin change and its record)
 * must be held instead: the tenant's log lives in its own schema or database, or is being moved, so
 * the event cannot commit in the same transaction as the change. Read in the caller's transaction
 * (the app role sees its own tenant's placement, the platform role every one).
 */
export async function isLogHeldElsewhere(client: AuditSqlClient, tenantId: string): Promise<boolean> {
  const rows = await client.query(
    `SELECT 1 FROM placements WHERE tenant_id = $1::uuid AND layer = 'logs' AND (tier <> 'namespace' OR state <> 'active')`,
    [tenantId],
  );
  return rows.length > 0;
}

/** Holds the events in the control plane's audit_outbox, in the caller's transaction, in order. */
export async function holdInOutbox(client: AuditSqlClient, tenantId: string, batch: HeldEventFields[]): Promise<void> {
  await client.query(
    `INSERT INTO audit_outbox (tenant_id, fields_json)
     SELECT $1::uuid, fields FROM unnest($2::text[]) WITH ORDINALITY AS held(fields, n) ORDER BY n`,
    [tenantId, batch.map((fields) => JSON.stringify(fields))],
  );
}

// The held transaction may still be open when the first attempt runs, and it can last up to the
// 10 s transaction timeout; a relay that finds nothing costs one short query.
const RELAY_ATTEMPTS_MS = [200, 2_000, 12_000];

/**
 * Relays the tenant's held events after the holding transaction commits. Best effort by design:
 * whatever is left stays held (never lost) until the next relay, which every read of the chain
 * and the end of every log migration also request.
 */
export function scheduleOutboxRelay(tenantId: string): void {
  for (const delay of RELAY_ATTEMPTS_MS) {
    // Loaded late: the relay runs through the append queue, which itself appends with append-events.
    setTimeout(() => void import('./record-event').then((queue) => queue.requestAuditOutboxRelay(tenantId)), delay).unref();
  }
}
