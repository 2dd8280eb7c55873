import 'server-only';
import type pg from 'pg';
import { inlineSql, joinSql } from '@/lib/db/inline-sql';
import type { AuditEvent, AuditEventFields } from '../event';
import { buildNextEvent, type ChainHead } from '../hash-chain';
import { canonicalJson } from '../canonical-json';

type EventFields = Omit<AuditEventFields, 'tenantId'>;

// The head each (chain copy, tenant) had after this process's last append there. Only a hint: the
// append below commits only if the stored head still equals it.
const shared = globalThis as unknown as { bulkheadKnownAuditHeads?: Map<string, ChainHead> };
const knownHeads = (shared.bulkheadKnownAuditHeads ??= new Map<string, ChainHead>());
const MAX_KNOWN_HEADS = 10_000;

/** The chain key of the control plane's shared audit tables (a placed copy's key is its connection target's). */
export const SHARED_CHAIN_KEY = 'shared';

/**
 * The group-commit appender's one-round-trip path. Building the next events needs the head's hash,
 * which normally costs a round trip of its own (lock and read the head) before the insert and the
 * commit. When this process appended to the same copy of the chain last, it already knows that
 * head: the events are built on it and sent with BEGIN, the tenant setting and COMMIT as one simple
 * query whose UPDATE moves the head only WHERE it still holds that seq and hash and is not frozen,
 * and whose INSERT inserts only if the head is then the one these events end with (it did move). Concurrent appenders (another process, an admin
 * change) serialize on the head row's lock, and a loser re-checks the WHERE against the winner's
 * committed head, so a stale hint inserts nothing: no fork, gap or duplicate is possible.
 *
 * Returns the committed events, or null when there was no hint or it was stale (nothing was
 * written): the caller then appends under the head lock and calls rememberAuditHead.
 * Does not release `client`. Throws on a database error, after rolling the transaction back.
 */
export async function appendOnKnownHead(
  client: pg.PoolClient,
  chainKey: string,
  beginStatement: string,
  tenantId: string,
  batch: EventFields[],
): Promise<AuditEvent[] | null> {
  const append = takeKnownHeadAppend(chainKey, tenantId, batch);
  if (!append) return null;
  let results: pg.QueryResult[];
  try {
    results = (await client.query(`${beginStatement}; ${append.statement}; COMMIT`)) as unknown as pg.QueryResult[];
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  return settleKnownHeadAppend(append, results[results.length - 2].rowCount ?? 0);
}

/** A batch built on the head this process knows, with the conditional UPDATE and INSERT that append it. */
export interface KnownHeadAppend {
  chainKey: string;
  tenantId: string;
  events: AuditEvent[];
  /** Two statements (see buildConditionalAppend); the INSERT's row count says whether it appended. */
  statement: string;
}

/**
 * Builds `batch` on the known head of (chain copy, tenant) and takes the hint (it is set again only
 * once this append is known to have committed); null when there is none.
 */
export function takeKnownHeadAppend(chainKey: string, tenantId: string, batch: EventFields[]): KnownHeadAppend | null {
  const key = `${chainKey}\u0000${tenantId}`;
  const head = knownHeads.get(key);
  if (!head || batch.length === 0) return null;
  knownHeads.delete(key);
  const events: AuditEvent[] = [];
  let previous = head;
  for (const fields of batch) {
    const event = buildNextEvent(previous, { ...fields, tenantId });
    events.push(event);
    previous = { tenantId, seq: event.seq, hash: event.hash, time: event.time };
  }
  return { chainKey, tenantId, events, statement: buildConditionalAppend(tenantId, head, events) };
}

/** After the append's transaction committed: its events when its INSERT wrote them all (remembering the new head), else null. */
export function settleKnownHeadAppend(append: KnownHeadAppend, insertedRows: number): AuditEvent[] | null {
  if (insertedRows !== append.events.length) return null;
  const last = append.events[append.events.length - 1];
  rememberAuditHead(append.chainKey, append.tenantId, { tenantId: append.tenantId, seq: last.seq, hash: last.hash, time: last.time });
  return append.events;
}

/** Records the head a committed append left, for the next appendOnKnownHead on that chain copy. */
export function rememberAuditHead(chainKey: string, tenantId: string, head: ChainHead): void {
  if (knownHeads.size >= MAX_KNOWN_HEADS) knownHeads.clear();
  knownHeads.set(`${chainKey}\u0000${tenantId}`, head);
}

/** Forgets every hint of the tenant. A stale hint is harmless (it writes nothing), so only tests need this. */
export function forgetAuditHeads(tenantId: string): void {
  for (const key of knownHeads.keys()) if (key.endsWith(`\u0000${tenantId}`)) knownHeads.delete(key);
}

// Values become literals (inlineSql) because the simple protocol, the only one carrying several
// statements in one round trip, binds no parameters. Two statements, not one with a data-modifying
// CTE: the head row must be locked before the events table is touched (the same order as the
// locking path), or two writers can deadlock.
function buildConditionalAppend(tenantId: string, head: ChainHead, events: AuditEvent[]): string {
  const last = events[events.length - 1];
  const rows = events.map(
    (event) => inlineSql`(${tenantId}::uuid, ${event.seq}::bigint, ${event.time}::timestamptz, ${event.actor.type}::text, ${event.actor.id}::text,
      ${event.actor.label ?? null}::text, ${event.action}::text, ${event.target}::text, ${event.requestId}::text, ${event.outcome}::text,
      ${canonicalJson(event.payload)}::text, ${event.prevHash}::text, ${event.hash}::text)`,
  );
  return inlineSql`UPDATE audit_heads SET seq = ${last.seq}, hash = ${last.hash}, time = ${last.time}::timestamptz
      WHERE tenant_id = ${tenantId}::uuid AND seq = ${head.seq} AND hash = ${head.hash} AND NOT frozen;
    INSERT INTO audit_events (tenant_id, seq, time, actor_type, actor_id, actor_label, action, target, request_id, outcome, payload_json, prev_hash, hash)
    SELECT * FROM (VALUES ${joinSql(rows, ', ')}) AS appended
    WHERE EXISTS (SELECT 1 FROM audit_heads WHERE tenant_id = ${tenantId}::uuid AND seq = ${last.seq} AND hash = ${last.hash})`.text;
}
