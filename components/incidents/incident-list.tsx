import { FormMessage } from '@/components/ui/form-message';
import type { IncidentPage } from '@/lib/control/incidents/find-incidents';
import type { IncidentFilters } from '@/lib/control/incidents/incident-filters';
import { IncidentFiltersForm } from './incident-filters-form';
import { IncidentListFooter } from './incident-list-footer';
import { IncidentTable } from './incident-table';

/** A filtered, paged incident list: the tenant's, or the platform's (with its tenant filter and column). */
export function IncidentList({
  path,
  filters,
  error,
  page,
  tenants,
}: {
  path: string;
  filters: IncidentFilters;
  error: string | null;
  page: IncidentPage;
  tenants?: { slug: string; name: string }[];
}) {
  return (
    <div className="space-y-4">
      <IncidentFiltersForm path={path} filters={filters} tenants={tenants} />
      {error && (
        <FormMessage tone="error" testId="incident-filter-error">
          {error}
        </FormMessage>
      )}
      <IncidentTable incidents={page.incidents} showTenant={Boolean(tenants)} />
      <IncidentListFooter path={path} filters={filters} nextCursor={page.nextCursor} count={page.incidents.length} />
    </div>
  );
}
