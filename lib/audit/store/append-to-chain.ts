import 'server-only';
import { canonicalJson } from '../canonical-json';
import type { AuditEvent, AuditEventFields } from '../event';
import { buildNextEvent, GENESIS_HASH, type ChainHead } from '../hash-chain';
import type { AuditTransaction } from './audit-transaction';
import { AuditChainFrozenError } from './chain-frozen-error';

/**
 * What the appender needs of a connection inside a tenant transaction: a query with bound
 * parameters. Both the Prisma transaction (console, admin changes) and the lean `pg` transaction
 * (the gateway's group commit) provide it, so there is one appender and one chain format.
 */
export interface AuditSqlClient {
  query(text: string, values: unknown[]): Promise<Record<string, unknown>[]>;
}

/**
 * Adapts a Prisma transaction: the control plane's (withTenant / withPlatformAccess) or a placed
 * chain's data-plane one (placed-chain-transaction.ts). Every value stays a bound parameter.
 */
export function toAuditSqlClient(tx: Pick<AuditTransaction, '$queryRawUnsafe'>): AuditSqlClient {
  return { query: (text, values) => tx.$queryRawUnsafe<Record<string, unknown>[]>(text, ...values) };
}

/** Adapts a plain `pg` client or pool client already inside the tenant's transaction (group commit, maintenance). */
export function toAuditSqlClientOnPg(client: { query(text: string, values: unknown[]): Promise<{ rows: Record<string, unknown>[] }> }): AuditSqlClient {
  return { query: async (text, values) => (await client.query(text, values)).rows };
}

// RETURNING reads the row as locked, so a freeze committed before the lock was granted is seen.
const lockHeadSql = `INSERT INTO audit_heads (tenant_id, seq, hash, time) VALUES ($1::uuid, 0, $2, to_timestamp(0))
  ON CONFLICT (tenant_id) DO UPDATE SET seq = audit_heads.seq
  RETURNING seq, hash, time, frozen`;
const eventColumns = [
  'tenant_id',
  'seq',
  'time',
  'actor_type',
  'actor_id',
  'actor_label',
  'action',
  'target',
  'request_id',
  'outcome',
  'payload_json',
  'prev_hash',
  'hash',
];
const columnCasts: Record<number, string> = { 0: '::uuid', 2: '::timestamptz' };

/** Appends events to one tenant's chain on any AuditSqlClient already inside the tenant's transaction (appendAuditEvents, without the outbox). */
export async function appendAuditEventsWith(client: AuditSqlClient, tenantId: string, batch: Omit<AuditEventFields, 'tenantId'>[]): Promise<AuditEvent[]> {
  if (batch.length === 0) return [];
  const [locked] = await client.query(lockHeadSql, [tenantId, GENESIS_HASH]);
  if (locked.frozen === true) throw new AuditChainFrozenError();
  let head: ChainHead | null =
    Number(locked.seq) === 0 ? null : { tenantId, seq: Number(locked.seq), hash: String(locked.hash), time: (locked.time as Date).toISOString() };

  const events: AuditEvent[] = [];
  for (const fields of batch) {
    const event = buildNextEvent(head, { ...fields, tenantId });
    events.push(event);
    head = { tenantId, seq: event.seq, hash: event.hash, time: event.time };
  }

  const values: unknown[] = [];
  const tuples = events.map((event) => {
    const row = [
      tenantId,
      event.seq,
      event.time,
      event.actor.type,
      event.actor.id,
      event.actor.label ?? null,
      event.action,
      event.target,
      event.requestId,
      event.outcome,
      canonicalJson(event.payload),
      event.prevHash,
      event.hash,
    ];
    const placeholders = row.map((value, column) => {
      values.push(value);
      return `$${values.length}${columnCasts[column] ?? ''}`;
    });
    return `(${placeholders.join(', ')})`;
  });
  const last = events[events.length - 1];
  values.push(last.seq, last.hash, last.time);
  const n = values.length;
  await client.query(
    `WITH inserted AS (INSERT INTO audit_events (${eventColumns.join(', ')}) VALUES ${tuples.join(', ')})
     UPDATE audit_heads SET seq = $${n - 2}, hash = $${n - 1}, time = $${n}::timestamptz WHERE tenant_id = $1::uuid`,
    values,
  );
  return events;
}
