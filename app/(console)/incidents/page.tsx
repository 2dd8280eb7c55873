import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { IncidentList } from '@/components/incidents/incident-list';
import { Card } from '@/components/ui/card';
import { requirePrincipalOrRedirect } from '@/lib/auth/current-principal';
import { isPlatformAdmin } from '@/lib/auth/principal';
import { findAllIncidents } from '@/lib/control/incidents/find-incidents';
import { readIncidentFilters } from '@/lib/control/incidents/incident-filters';
import { findVisibleTenants } from '@/lib/control/find-visible-tenants';

export const metadata: Metadata = { title: 'Incidents' };

/** Every tenant's gateway detections, for platform admins; each opens on its tenant's incident page. */
export default async function IncidentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const principal = await requirePrincipalOrRedirect();
  if (!isPlatformAdmin(principal)) notFound();
  const { filters, error } = readIncidentFilters(await searchParams);
  const page = error ? { incidents: [], nextCursor: null } : await findAllIncidents(principal, filters);
  const tenants = await findVisibleTenants(principal);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Incidents</h1>
      <Card>
        <IncidentList path="/incidents" filters={filters} error={error} page={page} tenants={tenants.map(({ slug, name }) => ({ slug, name }))} />
      </Card>
    </div>
  );
}
