import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { requirePrincipalOrRedirect } from '@/lib/auth/current-principal';
import { isPlatformAdmin } from '@/lib/auth/principal';
import { findAllIncidents } from '@/lib/control/incidents/find-incidents';
import { PlatformIncidents } from './platform-incidents';

export const metadata: Metadata = { title: 'Incidents' };

/** Every tenant's gateway detections, for platform admins. */
export default async function IncidentsPage() {
  const principal = await requirePrincipalOrRedirect();
  if (!isPlatformAdmin(principal)) notFound();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Incidents</h1>
      <Card>
        <PlatformIncidents incidents={await findAllIncidents(principal)} />
      </Card>
    </div>
  );
}
