import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { Table } from '@/components/ui/table';
import type { IncidentView } from '@/lib/control/incidents/find-incidents';
import { formatIncidentKind, formatIncidentTime, severityTones, statusTones } from './incident-labels';

/** One page of incidents; each opens its own page (details, requests, timeline, triage). */
export function IncidentTable({ incidents, showTenant }: { incidents: IncidentView[]; showTenant: boolean }) {
  if (incidents.length === 0)
    return (
      <p className="text-sm text-slate-500" data-testid="no-incidents">
        No incidents match these filters.
      </p>
    );
  // Columns a phone can do without are hidden there; the kind links to the page that has them all.
  const wide = 'hidden md:table-cell';
  return (
    <div className="overflow-x-auto">
      <Table
        columns={[
          { label: 'Opened', className: 'py-2 pr-3' },
          ...(showTenant ? [{ label: 'Tenant', className: `pr-3 ${wide}` }] : []),
          { label: 'Kind', className: 'pr-3' },
          { label: 'Severity', className: 'pr-3' },
          { label: 'Status', className: 'pr-3' },
          { label: 'Assignee', className: `pr-3 ${wide}` },
          { label: 'Requests', className: wide },
        ]}
        headClassName="text-xs uppercase text-slate-500"
        bodyClassName="divide-y divide-slate-100"
        testId="incident-table"
      >
        {incidents.map((incident) => (
          <tr key={incident.id} data-testid="incident-row" data-incident-id={incident.id} title={incident.summary}>
            <td className="py-2 pr-3 text-xs sm:text-sm">{formatIncidentTime(incident.openedAt)}</td>
            {showTenant && <td className={`pr-3 ${wide}`}>{incident.tenant.name}</td>}
            <td className="pr-3">
              <Link href={`/tenants/${incident.tenant.slug}/incidents/${incident.id}`} className="font-medium text-indigo-700 hover:underline">
                {formatIncidentKind(incident.kind)}
              </Link>
              {showTenant && <span className="block text-xs text-slate-500 md:hidden">{incident.tenant.name}</span>}
            </td>
            <td className="pr-3">
              <Badge tone={severityTones[incident.severity] ?? 'neutral'}>{incident.severity}</Badge>
            </td>
            <td className="pr-3">
              <Badge tone={statusTones[incident.status]}>{incident.status}</Badge>
            </td>
            <td className={`pr-3 ${wide}`}>{incident.assignee?.name ?? '—'}</td>
            <td className={wide}>
              <code className="font-mono text-xs">{incident.requestIds.map((id) => id.slice(0, 8)).join(', ')}</code>
            </td>
          </tr>
        ))}
      </Table>
    </div>
  );
}
