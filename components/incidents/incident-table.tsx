'use client';

import Link from 'next/link';
import { useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { FormMessage } from '@/components/ui/form-message';
import type { ActionResult } from '@/lib/actions/action-result';
import type { IncidentView } from '@/lib/control/incidents/find-incidents';
import { Table } from '@/components/ui/table';
import { buildRequestPath } from '@/components/requests/request-path';

const severityTones: Record<string, 'bad' | 'warn' | 'info' | 'neutral'> = { critical: 'bad', high: 'bad', medium: 'warn', low: 'info' };
const statusTones: Record<string, 'bad' | 'warn' | 'good'> = { open: 'bad', acknowledged: 'warn', resolved: 'good' };

/** Incidents with a status control per row. `setStatus` is the page's server action, bound to the tenant or the platform. */
export function IncidentTable({
  incidents,
  showTenant,
  setStatus,
}: {
  incidents: IncidentView[];
  showTenant: boolean;
  setStatus: (incident: IncidentView, status: string) => Promise<ActionResult<unknown>>;
}) {
  const [error, setError] = useState<string | null>(null);
  async function change(incident: IncidentView, status: string) {
    const result = await setStatus(incident, status);
    setError(result.ok ? null : result.error);
  }
  if (incidents.length === 0)
    return (
      <p className="text-sm text-slate-500" data-testid="no-incidents">
        No incidents.
      </p>
    );
  return (
    <div className="space-y-3">
      {error && <FormMessage tone="error">{error}</FormMessage>}
      <Table
        columns={[{ label: 'Opened', className: 'py-2' }, ...(showTenant ? ['Tenant'] : []), 'Kind', 'Severity', 'Layer', 'Other tenant', 'Requests', 'Status']}
        headClassName="text-xs uppercase text-slate-500"
        bodyClassName="divide-y divide-slate-100"
        testId="incident-table"
      >
        {incidents.map((incident) => (
          <tr key={incident.id} data-testid="incident-row" title={incident.summary}>
            <td className="py-2 whitespace-nowrap">{incident.openedAt.replace('T', ' ').slice(0, 19)}</td>
            {showTenant && <td>{incident.tenant.name}</td>}
            <td>{incident.kind.replaceAll('_', ' ')}</td>
            <td>
              <Badge tone={severityTones[incident.severity] ?? 'neutral'}>{incident.severity}</Badge>
            </td>
            <td>{incident.layer}</td>
            <td>{incident.otherTenant?.label ?? '—'}</td>
            <td>
              <span className="flex flex-wrap gap-x-2 font-mono text-xs">
                {incident.requestIds.map((id) => (
                  <Link
                    key={id}
                    href={buildRequestPath(incident.tenant.slug, id)}
                    title={id}
                    className="text-indigo-700 hover:underline"
                    data-testid="incident-request-link"
                  >
                    {id.slice(0, 8)}
                  </Link>
                ))}
              </span>
            </td>
            <td>
              <label className="sr-only" htmlFor={`status-${incident.id}`}>
                Status
              </label>
              <select
                id={`status-${incident.id}`}
                defaultValue={incident.status}
                onChange={(event) => change(incident, event.target.value)}
                className="rounded-md border border-slate-300 px-2 py-1 text-sm"
              >
                <option value="open">open</option>
                <option value="acknowledged">acknowledged</option>
                <option value="resolved">resolved</option>
              </select>
              <span className="ml-2">
                <Badge tone={statusTones[incident.status]}>{incident.status}</Badge>
              </span>
            </td>
          </tr>
        ))}
      </Table>
    </div>
  );
}
