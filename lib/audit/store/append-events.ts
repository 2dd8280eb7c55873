import { Prisma } from '@/lib/generated/prisma/client';
import { canonicalJson } from '../canonical-json';
import type { AuditEvent, AuditEventFields } from '../event';
import { buildNextEvent, GENESIS_HASH, type ChainHead } from '../hash-chain';
import type { AuditTransaction } from './audit-transaction';

/**
 * Appends events to one tenant's chain inside the caller's transaction, so an admin change and its
 * audit event commit or roll back together. The head row is locked by an upsert, which serializes
 * appenders of the same tenant (no forks, gaps or duplicate numbers) and leaves other tenants free.
 * Two round trips whatever the batch size: lock-and-read the head, then insert events and move the head.
 */
export async function appendAuditEvents(tx: AuditTransaction, tenantId: string, batch: Omit<AuditEventFields, 'tenantId'>[]): Promise<AuditEvent[]> {
  if (batch.length === 0) return [];
  const [locked] = await tx.$queryRaw<{ seq: bigint; hash: string; time: Date }[]>`
    INSERT INTO audit_heads (tenant_id, seq, hash, time) VALUES (${tenantId}::uuid, 0, ${GENESIS_HASH}, to_timestamp(0))
    ON CONFLICT (tenant_id) DO UPDATE SET seq = audit_heads.seq
    RETURNING seq, hash, time`;
  let head: ChainHead | null = Number(locked.seq) === 0 ? null : { tenantId, seq: Number(locked.seq), hash: locked.hash, time: locked.time.toISOString() };

  const events: AuditEvent[] = [];
  for (const fields of batch) {
    const event = buildNextEvent(head, { ...fields, tenantId });
    events.push(event);
    head = { tenantId, seq: event.seq, hash: event.hash, time: event.time };
  }

  const rows = events.map(
    (event) => Prisma.sql`(${tenantId}::uuid, ${event.seq}, ${event.time}::timestamptz, ${event.actor.type}, ${event.actor.id},
      ${event.actor.label ?? null}, ${event.action}, ${event.target}, ${event.requestId}, ${event.outcome},
      ${canonicalJson(event.payload)}, ${event.prevHash}, ${event.hash})`,
  );
  const last = events[events.length - 1];
  await tx.$executeRaw`
    WITH inserted AS (
      INSERT INTO audit_events (tenant_id, seq, time, actor_type, actor_id, actor_label, action, target, request_id, outcome, payload_json, prev_hash, hash)
      VALUES ${Prisma.join(rows)}
    )
    UPDATE audit_heads SET seq = ${last.seq}, hash = ${last.hash}, time = ${last.time}::timestamptz WHERE tenant_id = ${tenantId}::uuid`;
  return events;
}
