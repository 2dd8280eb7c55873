import { canonicalJson } from '@/lib/audit/canonical-json';
import type { AuditEvent, AuditEventFields } from '@/lib/audit/event';
import { buildNextEvent, GENESIS_HASH, type ChainHead } from '@/lib/audit/hash-chain';
import type { TenantSqlClient } from '@/lib/tenancy/with-tenant-sql';

/**
 * appendAuditEvents (lib/audit/store/append-events.ts) on a plain `pg` client inside withTenantSql:
 * the same head lock, chain and columns, two round trips whatever the batch size. Kept identical in
 * effect: the audit verifier checks what either one wrote.
 */
export async function appendAuditEventsSql(client: TenantSqlClient, tenantId: string, batch: Omit<AuditEventFields, 'tenantId'>[]): Promise<AuditEvent[]> {
  if (batch.length === 0) return [];
  const locked = await client.query<{ seq: string; hash: string; time: Date }>(
    `INSERT INTO audit_heads (tenant_id, seq, hash, time) VALUES ($1::uuid, 0, $2, to_timestamp(0))
     ON CONFLICT (tenant_id) DO UPDATE SET seq = audit_heads.seq
     RETURNING seq, hash, time`,
    [tenantId, GENESIS_HASH],
  );
  const headRow = locked.rows[0];
  let head: ChainHead | null = Number(headRow.seq) === 0 ? null : { tenantId, seq: Number(headRow.seq), hash: headRow.hash, time: headRow.time.toISOString() };

  const events: AuditEvent[] = [];
  for (const fields of batch) {
    const event = buildNextEvent(head, { ...fields, tenantId });
    events.push(event);
    head = { tenantId, seq: event.seq, hash: event.hash, time: event.time };
  }
  const columns = 13;
  const values: unknown[] = [];
  const tuples = events.map((event, index) => {
    values.push(tenantId, event.seq, event.time, event.actor.type, event.actor.id, event.actor.label ?? null, event.action, event.target,
      event.requestId, event.outcome, canonicalJson(event.payload), event.prevHash, event.hash);
    const base = index * columns;
    const placeholders = Array.from({ length: columns }, (_, column) => `$${base + column + 1}`);
    placeholders[0] += '::uuid';
    placeholders[2] += '::timestamptz';
    return `(${placeholders.join(', ')})`;
  });
  const last = events[events.length - 1];
  const headParams = values.length;
  values.push(last.seq, last.hash, last.time);
  await client.query(
    `WITH inserted AS (
       INSERT INTO audit_events (tenant_id, seq, time, actor_type, actor_id, actor_label, action, target, request_id, outcome, payload_json, prev_hash, hash)
       VALUES ${tuples.join(', ')}
     )
     UPDATE audit_heads SET seq = $${headParams + 1}, hash = $${headParams + 2}, time = $${headParams + 3}::timestamptz WHERE tenant_id = $1::uuid`,
    values,
  );
  return events;
}
