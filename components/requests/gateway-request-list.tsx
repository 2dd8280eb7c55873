'use client';

import { usePagedAction } from '@/components/ui/use-paged-action';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { useLoadMoreSentinel } from '@/components/ui/use-load-more-sentinel';
import { useUrlParams } from '@/components/audit/use-url-filter';
import type { ActionResult } from '@/lib/actions/action-result';
import type { GatewayRequestFilter } from '@/lib/audit/store/chain-store';
import type { GatewayRequestPageResult } from '@/lib/audit/viewer/read-gateway-requests';
import { GatewayRequestFilters } from './gateway-request-filters';
import { GatewayRequestTable } from './gateway-request-table';

const PAGE_SIZE = 50;
const FILTER_KEYS = ['from', 'to', 'outcome', 'model', 'actorId', 'requestId'] as const;

export type FindGatewayRequests = (
  tenantSlug: string,
  input: { filter: GatewayRequestFilter; cursor?: string; limit: number },
) => Promise<ActionResult<GatewayRequestPageResult>>;

/** Filters (kept in the address) and the infinitely scrolling list of requests (react-query over the findRequests action). */
export function GatewayRequestList({ slug, findRequests, outcomes }: { slug: string; findRequests: FindGatewayRequests; outcomes: readonly string[] }) {
  const [filter, setFilter] = useUrlParams<GatewayRequestFilter>(FILTER_KEYS);
  const query = usePagedAction(['gateway-requests', slug, filter], (cursor) => findRequests(slug, { filter, cursor, limit: PAGE_SIZE }));
  const { hasNextPage, isFetchingNextPage } = query;
  const { loadMore, sentinel } = useLoadMoreSentinel(query);
  const requests = query.data?.pages.flatMap((page) => page.requests) ?? [];
  const facets = query.data?.pages[0]?.facets ?? null;

  return (
    <div className="space-y-4">
      <GatewayRequestFilters filter={filter} outcomes={outcomes} facets={facets} onApply={setFilter} />
      <div className="flex items-center justify-between gap-3 text-sm text-slate-600">
        <span data-testid="request-count">{query.isPending ? 'Loading…' : `${requests.length} requests shown${hasNextPage ? ', more below' : ''}`}</span>
        <Button variant="secondary" onClick={() => void query.refetch()} disabled={query.isFetching}>
          Refresh
        </Button>
      </div>
      {query.error && (
        <FormMessage tone="error" testId="requests-error">
          {query.error.message}
        </FormMessage>
      )}
      {!query.isPending && !query.error && requests.length === 0 && (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600" data-testid="requests-empty">
          {Object.keys(filter).length > 0
            ? 'No requests match these filters.'
            : 'No gateway requests yet. Send one from the playground or with a tenant API key.'}
        </p>
      )}
      {requests.length > 0 && <GatewayRequestTable slug={slug} requests={requests} />}
      <div ref={sentinel} className="flex justify-center py-2">
        {hasNextPage && (
          <Button variant="secondary" onClick={loadMore} disabled={isFetchingNextPage}>
            {isFetchingNextPage ? 'Loading…' : 'Load older requests'}
          </Button>
        )}
        {!hasNextPage && requests.length > 0 && <span className="text-xs text-slate-500">No older requests.</span>}
      </div>
    </div>
  );
}
