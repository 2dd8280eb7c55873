import Link from 'next/link';
import { OutcomeBadge } from '@/components/audit/audit-event-table';
import { formatAuditTime } from '@/components/audit/visible';
import type { GatewayRequestDetail } from '@/lib/audit/viewer/read-gateway-request';

/** The audit events sharing a request id (the gateway's, retrieval reads, incidents opened), with the way into the audit log. */
export function RequestEvents({ slug, requestId, events }: { slug: string; requestId: string; events: GatewayRequestDetail['events'] }) {
  return (
    <div className="space-y-2">
      <ol className="divide-y divide-slate-100 text-sm" data-testid="request-events">
        {events.map((event) => (
          <li key={event.seq} className="flex flex-wrap items-center justify-between gap-2 py-1.5">
            <span className="font-mono text-xs text-slate-500">
              #{event.seq} · {formatAuditTime(event.time)}
            </span>
            <span className="flex items-center gap-2">
              <code className="font-mono text-xs">{event.action}</code>
              <OutcomeBadge outcome={event.outcome} />
            </span>
          </li>
        ))}
      </ol>
      <Link
        href={`/tenants/${encodeURIComponent(slug)}/logs?requestId=${encodeURIComponent(requestId)}`}
        className="inline-block text-sm text-indigo-700 hover:underline"
        data-testid="request-audit-link"
      >
        Open these events in the audit log
      </Link>
    </div>
  );
}
