import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { requireTenantPageAccess } from '@/lib/auth/page-access';
import { findTenantIncidents } from '@/lib/control/incidents/find-incidents';
import { TenantIncidents } from './tenant-incidents';

export const metadata: Metadata = { title: 'Incidents' };

/** The tenant's gateway detections (tenant admins and platform admins). */
export default async function TenantIncidentsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant } = await requireTenantPageAccess(slug, 'tenant.manage');
  return (
    <Card title="Incidents">
      <TenantIncidents tenantSlug={tenant.slug} incidents={await findTenantIncidents(tenant)} />
    </Card>
  );
}
