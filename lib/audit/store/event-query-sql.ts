import 'server-only';
import { Prisma } from '@/lib/generated/prisma/client';
import type { TenantTransaction } from '@/lib/tenancy/with-tenant';
import type { AuditEventFilter, AuditEventPageQuery } from './chain-store-types';

/** Seqs a free-text search looks through per page, by default. */
export const DEFAULT_TEXT_SEARCH_WINDOW = 20_000;

/** The columns mapRowToEvent reads. */
export const EVENT_COLUMNS = Prisma.sql`tenant_id::text AS tenant_id, seq, time, actor_type, actor_id, actor_label, action, target,
  request_id, outcome, payload_json, prev_hash, hash`;

/** The free-text haystack: the fields that are never encrypted (payloads may be, so they are not searched). */
const SEARCH_TEXT = Prisma.sql`(action || ' ' || coalesce(target, '') || ' ' || actor_id || ' ' || coalesce(actor_label, '') || ' ' || outcome)`;

/**
 * WHERE conditions for one tenant's events matching a filter. Time bounds are also turned into seq bounds
 * (time never decreases along a chain), so a range far in the past is a primary-key range scan rather
 * than a walk back from the newest event; the time conditions stay, so a tampered time cannot widen it.
 */
export function buildFilterConditions(tenantId: string, filter: AuditEventFilter): Prisma.Sql[] {
  const tenant = Prisma.sql`tenant_id = ${tenantId}::uuid`;
  const conditions = [tenant];
  if (filter.from) {
    conditions.push(Prisma.sql`time >= ${filter.from}::timestamptz`);
    conditions.push(Prisma.sql`seq >= (SELECT seq FROM audit_events WHERE ${tenant} AND time >= ${filter.from}::timestamptz ORDER BY time, seq LIMIT 1)`);
  }
  if (filter.to) {
    conditions.push(Prisma.sql`time <= ${filter.to}::timestamptz`);
    conditions.push(
      Prisma.sql`seq <= (SELECT seq FROM audit_events WHERE ${tenant} AND time <= ${filter.to}::timestamptz ORDER BY time DESC, seq DESC LIMIT 1)`,
    );
  }
  if (filter.actorId) conditions.push(Prisma.sql`actor_id = ${filter.actorId}`);
  if (filter.action) conditions.push(Prisma.sql`action = ${filter.action}`);
  if (filter.outcome) conditions.push(Prisma.sql`outcome = ${filter.outcome}`);
  if (filter.requestId) conditions.push(Prisma.sql`request_id = ${filter.requestId}`);
  if (filter.text) conditions.push(Prisma.sql`${SEARCH_TEXT} ILIKE ${`%${escapeLikePattern(filter.text)}%`}`);
  return conditions;
}

/**
 * One page of events newest first (one more than the limit, to tell whether another page exists),
 * optionally only down to `fromSeq`.
 */
export function buildFindEventsQuery(tenantId: string, query: AuditEventPageQuery, fromSeq?: number): Prisma.Sql {
  const conditions = buildFilterConditions(tenantId, query);
  if (query.beforeSeq !== undefined) conditions.push(Prisma.sql`seq < ${query.beforeSeq}`);
  if (fromSeq !== undefined) conditions.push(Prisma.sql`seq >= ${fromSeq}`);
  return Prisma.sql`SELECT ${EVENT_COLUMNS} FROM audit_events WHERE ${Prisma.join(conditions, ' AND ')} ORDER BY seq DESC LIMIT ${query.limit + 1}`;
}

/**
 * Bounds a free-text page, inside the transaction that will run it. ILIKE cannot use an index under RLS
 * (it is not leakproof) and Postgres guesses it matches almost nothing, so left alone it scans and sorts
 * the tenant's rows. Instead: walk the primary key newest first, which stops when the page is full, and
 * at most `window` seqs per page, starting below the newest event the other filters allow, so a rare
 * term costs a bounded time per page rather than a walk through the whole tenant.
 * @returns the query with its upper bound, and the lowest seq the page may look at
 */
export async function boundTextSearch(tx: Pick<TenantTransaction, '$queryRaw' | '$executeRaw'>, tenantId: string, query: AuditEventPageQuery, window: number) {
  const others = buildFilterConditions(tenantId, { ...query, text: undefined });
  return boundSeqWindow(tx, query, others, window);
}

/**
 * The walk boundTextSearch describes, for any search that cannot use an index: `others` are the
 * conditions that can, which place the first page's upper bound.
 */
export async function boundSeqWindow<Query extends { beforeSeq?: number }>(
  tx: Pick<TenantTransaction, '$queryRaw' | '$executeRaw'>,
  query: Query,
  others: Prisma.Sql[],
  window: number,
) {
  await tx.$executeRaw`SET LOCAL enable_bitmapscan = off`;
  await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
  let beforeSeq = query.beforeSeq;
  if (beforeSeq === undefined) {
    const [{ top }] = await tx.$queryRaw<{ top: bigint | null }[]>`SELECT max(seq) AS top FROM audit_events WHERE ${Prisma.join(others, ' AND ')}`;
    beforeSeq = Number(top ?? 0) + 1;
  }
  return { query: { ...query, beforeSeq }, fromSeq: Math.max(1, beforeSeq - window) };
}

/** User text matched literally: LIKE's wildcards and its escape character lose their meaning. */
function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
