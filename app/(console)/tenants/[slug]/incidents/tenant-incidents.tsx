'use client';

import { IncidentTable } from '@/components/incidents/incident-table';
import type { IncidentView } from '@/lib/control/incidents/find-incidents';
import { updateTenantIncidentAction } from './actions';

export function TenantIncidents({ tenantSlug, incidents }: { tenantSlug: string; incidents: IncidentView[] }) {
  return (
    <IncidentTable
      incidents={incidents}
      showTenant={false}
      setStatus={(incident, status) => updateTenantIncidentAction(tenantSlug, { incidentId: incident.id, status })}
    />
  );
}
