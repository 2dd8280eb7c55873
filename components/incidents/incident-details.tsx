import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import type { IncidentView } from '@/lib/control/incidents/find-incidents';
import { formatIncidentKind, formatIncidentTime, severityTones, statusTones } from './incident-labels';
import { buildRequestPath } from '@/components/requests/request-path';

/** The incident's facts, and the gateway requests it came from (each opens in the tenant's request list). */
export function IncidentDetails({ incident }: { incident: IncidentView }) {
  const facts: [string, React.ReactNode][] = [
    [
      'Status',
      <Badge key="status" tone={statusTones[incident.status]}>
        {incident.status}
      </Badge>,
    ],
    [
      'Severity',
      <Badge key="severity" tone={severityTones[incident.severity] ?? 'neutral'}>
        {incident.severity}
      </Badge>,
    ],
    ['Kind', formatIncidentKind(incident.kind)],
    ['Layer', incident.layer],
    ['Assignee', incident.assignee ? `${incident.assignee.name} (${incident.assignee.email})` : 'Nobody'],
    ['Other tenant', incident.otherTenant?.label ?? '—'],
    ['Opened', formatIncidentTime(incident.openedAt)],
    ['Last change', formatIncidentTime(incident.updatedAt)],
  ];
  return (
    <div className="space-y-4">
      <p className="break-words text-sm text-slate-800" data-testid="incident-summary">
        {incident.summary}
      </p>
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2" data-testid="incident-facts">
        {facts.map(([label, value]) => (
          <div key={label} className="flex gap-2">
            <dt className="w-28 shrink-0 text-slate-500">{label}</dt>
            <dd className="min-w-0 break-words" data-testid={`incident-${label.toLowerCase().replaceAll(' ', '-')}`}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      <div>
        <h3 className="text-sm font-semibold">Requests involved</h3>
        {incident.requestIds.length === 0 && (
          <p className="mt-1 text-sm text-slate-600" data-testid="incident-no-requests">
            None in this tenant&apos;s log: the request was another tenant&apos;s, and is listed on that tenant&apos;s incident.
          </p>
        )}
        <ul className="mt-1 space-y-1" data-testid="incident-requests">
          {incident.requestIds.map((requestId) => (
            <li key={requestId}>
              {/* Not prefetched: a request's page reads the audit chain, only worth it when someone opens it. */}
              <Link
                prefetch={false}
                href={buildRequestPath(incident.tenant.slug, requestId)}
                className="break-all font-mono text-xs text-indigo-700 hover:underline"
              >
                {requestId}
              </Link>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
