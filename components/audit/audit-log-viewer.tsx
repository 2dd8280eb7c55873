'use client';

import { usePagedAction } from '@/components/ui/use-paged-action';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { useLoadMoreSentinel } from '@/components/ui/use-load-more-sentinel';
import type { ActionResult } from '@/lib/actions/action-result';
import type { AuditEvent } from '@/lib/audit/event';
import type { AuditEventFilter } from '@/lib/audit/store/chain-store';
import type { AuditEventPageResult } from '@/lib/audit/viewer/read-audit-events';
import type { InferenceDecision } from '@/lib/audit/viewer/read-inference-decision';
import { AuditEventDrawer } from './audit-event-drawer';
import { AuditEventTable, getRequestPagePath } from './audit-event-table';
import { AuditFilters } from './audit-filters';
import { useUrlFilter } from './use-url-filter';

const PAGE_SIZE = 50;

export type FindAuditEvents = (
  tenantSlug: string,
  input: { filter: AuditEventFilter; cursor?: string; limit: number },
) => Promise<ActionResult<AuditEventPageResult & { decisions: Record<number, InferenceDecision> }>>;

/** Filters (kept in the address), the infinitely scrolling event list (react-query over the findAuditEvents action) and the event drawer. */
export function AuditLogViewer(props: {
  slug: string;
  tenantName: string;
  findEvents: FindAuditEvents;
  actions: readonly string[];
  outcomes: readonly string[];
}) {
  const { slug, findEvents } = props;
  const [filter, setFilter] = useUrlFilter();
  const [selected, setSelected] = useState<AuditEvent | null>(null);
  const query = usePagedAction(['audit-events', slug, filter], (cursor) => findEvents(slug, { filter, cursor, limit: PAGE_SIZE }));
  const { hasNextPage, isFetchingNextPage } = query;
  const events = query.data?.pages.flatMap((page) => page.events) ?? [];
  const decisions = Object.assign({}, ...(query.data?.pages.map((page) => page.decisions) ?? [])) as Record<number, InferenceDecision>;

  const { loadMore, sentinel } = useLoadMoreSentinel(query);

  const applyFilter = (next: AuditEventFilter) => {
    setSelected(null);
    setFilter(next);
  };

  return (
    <div className="space-y-4">
      <AuditFilters filter={filter} actions={props.actions} outcomes={props.outcomes} onApply={applyFilter} />
      <div className="flex items-center justify-between text-sm text-slate-600">
        <span data-testid="audit-event-count">{query.isPending ? 'Loading…' : `${events.length} events shown${hasNextPage ? ', more below' : ''}`}</span>
        <Button variant="secondary" onClick={() => void query.refetch()} disabled={query.isFetching}>
          Refresh
        </Button>
      </div>
      {query.error && (
        <FormMessage tone="error" testId="audit-error">
          {query.error.message}
        </FormMessage>
      )}
      {!query.isPending && !query.error && events.length === 0 && (
        <p className="text-sm text-slate-600" data-testid="audit-empty">
          No events match.
        </p>
      )}
      {events.length > 0 && <AuditEventTable slug={slug} events={events} onOpen={setSelected} />}
      <div ref={sentinel} className="flex justify-center py-2">
        {hasNextPage && (
          <Button variant="secondary" onClick={loadMore} disabled={isFetchingNextPage}>
            {isFetchingNextPage ? 'Loading…' : 'Load older events'}
          </Button>
        )}
        {!hasNextPage && events.length > 0 && <span className="text-xs text-slate-500">Start of the log.</span>}
      </div>
      {selected && (
        <AuditEventDrawer
          event={selected}
          tenantName={props.tenantName}
          requestPage={getRequestPagePath(slug, selected)}
          decision={decisions[selected.seq] ?? null}
          onClose={() => setSelected(null)}
          onShowRequest={() => applyFilter({ requestId: selected.requestId })}
          onShowActor={() => applyFilter({ actorId: selected.actor.id })}
        />
      )}
    </div>
  );
}
