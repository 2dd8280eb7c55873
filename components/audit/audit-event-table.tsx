'use client';

import Link from 'next/link';
import { buildRequestPath } from '@/components/requests/request-path';
import { Badge } from '@/components/ui/badge';
import type { AuditEvent } from '@/lib/audit/event';
import { formatAuditTime, Visible } from './visible';
import { Table } from '@/components/ui/table';

const outcomeTone = { success: 'good', denied: 'bad', blocked: 'bad', failure: 'bad', flagged: 'warn' } as const;

export function OutcomeBadge({ outcome }: { outcome: string }) {
  return <Badge tone={outcomeTone[outcome as keyof typeof outcomeTone] ?? 'neutral'}>{outcome}</Badge>;
}

/** The page of a gateway request's event (the only events whose request id the requests list holds); null for others. */
export function getRequestPagePath(slug: string, event: Pick<AuditEvent, 'action' | 'requestId'>): string | null {
  return event.action === 'inference.request' ? buildRequestPath(slug, event.requestId) : null;
}

/** Events newest first; a row opens the full event, a gateway request's id its page in the requests list. */
export function AuditEventTable({ slug, events, onOpen }: { slug: string; events: AuditEvent[]; onOpen: (event: AuditEvent) => void }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
      <Table
        columns={['Seq', 'Time', 'Actor', 'Action', 'Target', 'Outcome', 'Request']}
        headerCellClassName="px-3 py-2"
        headClassName="bg-slate-50 text-xs uppercase tracking-wide text-slate-500"
        bodyClassName="divide-y divide-slate-100"
        testId="audit-events"
      >
        {events.map((event) => (
          <tr key={event.seq} className="cursor-pointer hover:bg-slate-50" onClick={() => onOpen(event)} data-testid="audit-event-row">
            <td className="px-3 py-2 font-mono">
              <button
                type="button"
                className="text-indigo-700 hover:underline"
                aria-label={`Open event ${event.seq}`}
                onClick={(click) => {
                  click.stopPropagation();
                  onOpen(event);
                }}
              >
                {event.seq}
              </button>
            </td>
            <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">{formatAuditTime(event.time)}</td>
            <td className="max-w-48 truncate px-3 py-2">
              <Visible text={event.actor.label ?? event.actor.id} />
            </td>
            <td className="px-3 py-2 font-mono text-xs" data-testid="audit-event-action">
              <Visible text={event.action} />
            </td>
            <td className="max-w-64 truncate px-3 py-2">
              <Visible text={event.target} />
            </td>
            <td className="px-3 py-2" data-testid="audit-event-outcome">
              <OutcomeBadge outcome={event.outcome} />
            </td>
            <td className="max-w-40 truncate px-3 py-2 font-mono text-xs">
              <RequestCell slug={slug} event={event} />
            </td>
          </tr>
        ))}
      </Table>
    </div>
  );
}

function RequestCell({ slug, event }: { slug: string; event: AuditEvent }) {
  const href = getRequestPagePath(slug, event);
  if (!href) return <Visible text={event.requestId} />;
  return (
    <Link href={href} className="text-indigo-700 hover:underline" onClick={(click) => click.stopPropagation()} data-testid="audit-request-link">
      <Visible text={event.requestId} />
    </Link>
  );
}
