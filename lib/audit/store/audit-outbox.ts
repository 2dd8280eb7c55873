import 'server-only';
import type { AuditEventFields } from '../event';
import type { AuditSqlClient } from './append-to-chain';

export type HeldEventFields = Omit<AuditEventFields, 'tenantId'>;

/**
 * Whether an event appended inside a control-plane transaction (an admin change and its record)
 * must be held instead: the tenant's log lives in its own schema or database, or is being moved, so
 * the event cannot commit in the same transaction as the change. Read in the caller's transaction
 * (the app role sees its own tenant's placement, the platform role every one).
 */
export async function isLogHeldElsewhere(client: AuditSqlClient, tenantId: string): Promise<boolean> {
  const rows = await client.query(`SELECT 1 FROM placements WHERE tenant_id = $1::uuid AND layer = 'logs' AND (tier <> 'namespace' OR state <> 'active')`, [
    tenantId,
  ]);
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
