import 'server-only';
import type { TenantAccess } from '@/lib/auth/tenant-access';
import type { JsonValue } from '../event';
import { getAuditChainStore, type RecentRequestFacets } from '../store/chain-store';
import { decodeAuditCursor, encodeAuditCursor } from './cursor';
import { recordPlatformAuditAccess } from './record-audit-access';
import type { GatewayRequestPageRequest } from './request-filter';
import { summarizeGatewayRequest, type GatewayRequestSummary } from './summarize-gateway-request';

export interface GatewayRequestPageResult {
  /** Newest first, each request once. */
  requests: GatewayRequestSummary[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. A partial request-id search may return a short page with a cursor. */
  nextCursor: string | null;
  /** The filter's choices, with the first page only. */
  facets: RecentRequestFacets | null;
}

/** Cursors of this list continue only this list: the audit viewer's cursors carry no `list` field. */
const cursorScope = (filter: GatewayRequestPageRequest['filter']) => ({ list: 'gateway-requests', ...filter });

/**
 * One page of an authorized tenant's gateway requests, read through the tenant's chain store (its log
 * tier's placement, under its context). The caller has resolved `access` for audit.read; a platform
 * admin's read is recorded in the tenant's chain first, as audit-log reads are.
 * @throws InvalidCursorError (400) for another tenant's or query's cursor
 */
export async function readGatewayRequestPage(
  access: TenantAccess,
  request: GatewayRequestPageRequest,
  context: { requestId: string },
): Promise<GatewayRequestPageResult> {
  const tenantId = access.tenant.id;
  const { filter, limit } = request;
  const beforeSeq = request.cursor ? decodeAuditCursor(tenantId, cursorScope(filter), request.cursor) : undefined;
  const query = { filter: JSON.parse(JSON.stringify(filter)) as JsonValue, isNextPage: beforeSeq !== undefined };
  await recordPlatformAuditAccess(access, { requestId: context.requestId, via: 'console', what: 'requests', query });
  const store = getAuditChainStore(tenantId);
  const [page, facets] = await Promise.all([
    store.findRequests({ ...filter, beforeSeq, limit }),
    beforeSeq === undefined ? store.findRecentRequestFacets() : null,
  ]);
  const requests = await Promise.all(page.requests.map((request) => summarizeGatewayRequest(tenantId, request)));
  const next = page.nextBeforeSeq;
  return { requests, nextCursor: next === null ? null : encodeAuditCursor(tenantId, cursorScope(filter), next), facets };
}
