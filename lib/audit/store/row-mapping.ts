import 'server-only';
import type { AuditEvent } from '../event';
import { parseStoredPayload } from '../stored-event-hash';

/** A row of audit_events as Postgres returns it. */
export interface AuditEventRow {
  tenant_id: string;
  seq: bigint | number | string;
  time: Date;
  actor_type: string;
  actor_id: string;
  actor_label: string | null;
  action: string;
  target: string | null;
  request_id: string;
  outcome: string;
  payload_json: string;
  prev_hash: string;
  hash: string;
}

/** Storage row → the event the hash covers. A payload that is not JSON surfaces as a verification failure. */
export function mapRowToEvent(row: AuditEventRow): AuditEvent {
  const payload = parseStoredPayload(row.payload_json);
  return {
    tenantId: row.tenant_id,
    seq: Number(row.seq),
    time: row.time.toISOString(),
    actor: row.actor_label === null ? { type: row.actor_type, id: row.actor_id } : { type: row.actor_type, id: row.actor_id, label: row.actor_label },
    action: row.action,
    target: row.target,
    requestId: row.request_id,
    outcome: row.outcome,
    payload,
    prevHash: row.prev_hash,
    hash: row.hash,
  } as AuditEvent;
}
