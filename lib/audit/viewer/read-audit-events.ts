import 'server-only';
import type { TenantAccess } from '@/lib/auth/tenant-access';
import type { AuditEvent, JsonValue } from '../event';
import { getAuditChainStore } from '../store/chain-store';
import { decodeAuditCursor, encodeAuditCursor } from './cursor';
import type { AuditEventPageRequest } from './event-filter';
import { recordPlatformAuditAccess } from './record-audit-access';

export interface AuditEventPageResult {
  /** Newest first. */
  events: AuditEvent[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. A free-text page may be short
   * or empty and still have a cursor: the search looks through a bounded window of events per page. */
  nextCursor: string | null;
}

/**
 * One page of an authorized tenant's events for the viewer and the API. The caller has resolved `access`
 * (lib/auth/tenant-access) for audit.read; the cursor must be one this tenant and filter produced.
 * @throws InvalidCursorError (400) for another tenant's or query's cursor
 */
export async function readAuditEventPage(
  access: TenantAccess,
  request: AuditEventPageRequest,
  context: { requestId: string; via: 'console' | 'api' },
): Promise<AuditEventPageResult> {
  const tenantId = access.tenant.id;
  const { filter, limit } = request;
  const beforeSeq = request.cursor ? decodeAuditCursor(tenantId, filter, request.cursor) : undefined;
  const query = { filter: JSON.parse(JSON.stringify(filter)) as JsonValue, isNextPage: beforeSeq !== undefined };
  await recordPlatformAuditAccess(access, { ...context, what: 'events', query });
  const page = await getAuditChainStore(tenantId).findEvents({ ...filter, beforeSeq, limit });
  const next = page.nextBeforeSeq;
  return { events: page.events, nextCursor: next === null ? null : encodeAuditCursor(tenantId, filter, next) };
}
