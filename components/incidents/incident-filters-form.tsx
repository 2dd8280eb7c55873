import Link from 'next/link';
import { INCIDENT_KINDS, INCIDENT_SEVERITIES } from '@/lib/control/incidents/derive-incidents';
import type { IncidentFilters } from '@/lib/control/incidents/incident-filters';
import { INCIDENT_STATUSES } from '@/lib/control/incidents/incident-status';
import { formatIncidentKind } from './incident-labels';

const RANGE_LABELS = { all: 'All time', '24h': 'Last 24 hours', '7d': 'Last 7 days', '30d': 'Last 30 days' } as const;
const field = 'mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm';

/**
 * The list's filters as a plain GET form: applying them writes them into the address, so a filtered
 * view can be shared and survives a reload (and works without JavaScript). Applying starts again
 * from the first page.
 */
export function IncidentFiltersForm({
  path,
  filters,
  tenants,
}: {
  path: string;
  filters: Partial<IncidentFilters>;
  tenants?: { slug: string; name: string }[];
}) {
  const select = (name: string, label: string, current: string | undefined, options: readonly (readonly [string, string])[]) => (
    <div className="text-sm">
      <label htmlFor={`incident-filter-${name}`}>{label}</label>
      <select id={`incident-filter-${name}`} name={name} defaultValue={current ?? ''} className={field}>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
  const any = ['', 'Any'] as const;
  return (
    <form method="get" action={path} className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6 lg:items-end" data-testid="incident-filters">
      {select('status', 'Status', filters.status, [any, ...INCIDENT_STATUSES.map((value) => [value, value] as const)])}
      {select('severity', 'Severity', filters.severity, [any, ...INCIDENT_SEVERITIES.map((value) => [value, value] as const)])}
      {select('kind', 'Kind', filters.kind, [any, ...INCIDENT_KINDS.map((value) => [value, formatIncidentKind(value)] as const)])}
      {tenants && select('tenant', 'Tenant', filters.tenant, [['', 'All tenants'], ...tenants.map((tenant) => [tenant.slug, tenant.name] as const)])}
      {select('range', 'Opened', filters.range, Object.entries(RANGE_LABELS))}
      <div className="col-span-2 flex items-center gap-3 sm:col-span-1">
        <button type="submit" className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700">
          Apply filters
        </button>
        <Link href={path} className="text-sm text-indigo-700 hover:underline">
          Clear
        </Link>
      </div>
    </form>
  );
}
