import 'server-only';
import { Prisma } from '@/lib/generated/prisma/client';
import type { GatewayRequestFilter, GatewayRequestPageQuery } from './chain-store-types';
import { buildFilterConditions, EVENT_COLUMNS } from './event-query-sql';

/** Events of one request the gateway wrote: one for a complete request, two (start and end) for a stream. */
export const INFERENCE_ACTION = 'inference.request';

/** A whole request id: found through the (tenant_id, request_id) index instead of a search. */
const WHOLE_REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isWholeRequestId(text: string): boolean {
  return WHOLE_REQUEST_ID.test(text);
}

/**
 * WHERE conditions for one tenant's request events that an index serves: everything but a partial
 * request id, which is a substring search (isPartialRequestIdSearch) bounded like the audit text search.
 */
export function buildIndexedRequestConditions(tenantId: string, filter: GatewayRequestFilter): Prisma.Sql[] {
  const conditions = buildFilterConditions(tenantId, {
    from: filter.from,
    to: filter.to,
    outcome: filter.outcome,
    actorId: filter.actorId,
    action: INFERENCE_ACTION,
    requestId: filter.requestId && isWholeRequestId(filter.requestId) ? filter.requestId.toLowerCase() : undefined,
  });
  if (filter.model) conditions.push(Prisma.sql`target = ${`model:${filter.model}`}`);
  return conditions;
}

export function isPartialRequestIdSearch(filter: GatewayRequestFilter): boolean {
  return filter.requestId !== undefined && !isWholeRequestId(filter.requestId);
}

/**
 * One page of requests, newest first: each request is its latest `inference.request` event (a
 * finished stream is its end event; a stream still running is its start event), so paging by that
 * event's seq returns every request exactly once. `follows_start` says whether an earlier event of the
 * same request exists (then this one is a stream's end), which tells the reader which phase sealed it.
 */
export function buildFindRequestsQuery(tenantId: string, query: GatewayRequestPageQuery, fromSeq?: number): Prisma.Sql {
  const conditions = buildIndexedRequestConditions(tenantId, query);
  if (query.requestId && isPartialRequestIdSearch(query)) conditions.push(Prisma.sql`strpos(lower(request_id), ${query.requestId.toLowerCase()}) > 0`);
  if (query.beforeSeq !== undefined) conditions.push(Prisma.sql`seq < ${query.beforeSeq}`);
  if (fromSeq !== undefined) conditions.push(Prisma.sql`seq >= ${fromSeq}`);
  const sameRequest = Prisma.sql`other.tenant_id = audit_events.tenant_id AND other.request_id = audit_events.request_id AND other.action = ${INFERENCE_ACTION}`;
  return Prisma.sql`SELECT ${EVENT_COLUMNS},
      EXISTS (SELECT 1 FROM audit_events other WHERE ${sameRequest} AND other.seq < audit_events.seq) AS follows_start
    FROM audit_events
    WHERE ${Prisma.join(conditions, ' AND ')}
      AND NOT EXISTS (SELECT 1 FROM audit_events other WHERE ${sameRequest} AND other.seq > audit_events.seq)
    ORDER BY seq DESC LIMIT ${query.limit + 1}`;
}

/**
 * The models and principals of the tenant's most recent requests, for the filter's choices: a
 * bounded look back (the newest `window` request events), never a scan of the whole chain.
 */
export function buildRecentRequestFacetsQuery(tenantId: string, window: number): Prisma.Sql {
  return Prisma.sql`SELECT DISTINCT target, actor_type, actor_id, actor_label FROM (
      SELECT target, actor_type, actor_id, actor_label FROM audit_events
      WHERE tenant_id = ${tenantId}::uuid AND action = ${INFERENCE_ACTION}
      ORDER BY seq DESC LIMIT ${window}) AS recent`;
}
