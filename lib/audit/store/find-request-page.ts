import 'server-only';
import type { GatewayRequestPage, GatewayRequestPageQuery, RecentRequestFacets } from './chain-store-types';
import { boundSeqWindow } from './event-query-sql';
import { buildFindRequestsQuery, buildIndexedRequestConditions, buildRecentRequestFacetsQuery, isPartialRequestIdSearch } from './request-query-sql';
import { mapRowToEvent, type AuditEventRow } from './row-mapping';
import type { TenantTransaction } from '@/lib/tenancy/with-tenant';

type ChainTransaction = Pick<TenantTransaction, '$queryRaw' | '$executeRaw'>;

/** Request events looked back over for the filter's choices. */
const FACET_WINDOW = 2_000;

/**
 * One page of a tenant's gateway requests in the transaction `tx` (already in the tenant's context on
 * the database that holds its chain). A partial request id walks at most `window` seqs per page.
 */
export async function findRequestPage(tx: ChainTransaction, tenantId: string, query: GatewayRequestPageQuery, window: number): Promise<GatewayRequestPage> {
  let bounded: { query: GatewayRequestPageQuery; fromSeq?: number } = { query };
  if (isPartialRequestIdSearch(query)) bounded = await boundSeqWindow(tx, query, buildIndexedRequestConditions(tenantId, query), window);
  const rows = await tx.$queryRaw<(AuditEventRow & { follows_start: boolean })[]>(buildFindRequestsQuery(tenantId, bounded.query, bounded.fromSeq));
  const requests = rows.slice(0, query.limit).map((row) => ({ event: mapRowToEvent(row), followsStart: row.follows_start }));
  const windowStart = bounded.fromSeq !== undefined && bounded.fromSeq > 1 ? bounded.fromSeq : null;
  return { requests, nextBeforeSeq: rows.length > query.limit ? requests[query.limit - 1].event.seq : windowStart };
}

export async function findRecentRequestFacets(tx: ChainTransaction, tenantId: string): Promise<RecentRequestFacets> {
  const rows = await tx.$queryRaw<{ target: string | null; actor_type: string; actor_id: string; actor_label: string | null }[]>(
    buildRecentRequestFacetsQuery(tenantId, FACET_WINDOW),
  );
  const models = new Set<string>();
  const principals = new Map<string, RecentRequestFacets['principals'][number]>();
  for (const row of rows) {
    if (row.target?.startsWith('model:')) models.add(row.target.slice('model:'.length));
    principals.set(row.actor_id, { type: row.actor_type, id: row.actor_id, label: row.actor_label });
  }
  return {
    models: [...models].sort(),
    principals: [...principals.values()].sort((a, b) => (a.label ?? a.id).localeCompare(b.label ?? b.id)),
  };
}
