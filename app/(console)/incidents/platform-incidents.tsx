'use client';

import { IncidentTable } from '@/components/incidents/incident-table';
import type { IncidentView } from '@/lib/control/incidents/find-incidents';
import { updatePlatformIncidentAction } from './actions';

export function PlatformIncidents({ incidents }: { incidents: IncidentView[] }) {
  return (
    <IncidentTable
      incidents={incidents}
      showTenant
      setStatus={(incident, status) => updatePlatformIncidentAction({ tenantId: incident.tenant.id, incidentId: incident.id, status })}
    />
  );
}
