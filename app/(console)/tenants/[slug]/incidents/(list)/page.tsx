import type { Metadata } from 'next';
import { IncidentList } from '@/components/incidents/incident-list';
import { Card } from '@/components/ui/card';
import { requireTenantPageAccess } from '@/lib/auth/page-access';
import { findTenantIncidents } from '@/lib/control/incidents/find-incidents';
import { readIncidentFilters } from '@/lib/control/incidents/incident-filters';

export const metadata: Metadata = { title: 'Incidents' };

/** The tenant's gateway detections, filtered by the address (tenant admins, compliance officers, platform admins). */
export default async function TenantIncidentsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const { tenant } = await requireTenantPageAccess(slug, 'incidents.read');
  // The tenant filter belongs to the platform's list; here the tenant is the page's.
  const { filters, error } = readIncidentFilters({ ...(await searchParams), tenant: undefined });
  const page = error ? { incidents: [], nextCursor: null } : await findTenantIncidents(tenant, filters);
  return (
    <Card title="Incidents">
      <IncidentList path={`/tenants/${tenant.slug}/incidents`} filters={filters} error={error} page={page} />
    </Card>
  );
}
