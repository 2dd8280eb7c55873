import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { IncidentDetails } from '@/components/incidents/incident-details';
import { formatIncidentKind } from '@/components/incidents/incident-labels';
import { IncidentTimeline } from '@/components/incidents/incident-timeline';
import { IncidentTriage } from '@/components/incidents/incident-triage';
import { Card } from '@/components/ui/card';
import { requireTenantPageAccess } from '@/lib/auth/page-access';
import { hasTenantPermission } from '@/lib/auth/principal';
import { getIncident } from '@/lib/control/incidents/get-incident';
import { addIncidentNoteAction, assignIncidentAction, changeIncidentStatusAction } from '../actions';

export const metadata: Metadata = { title: 'Incident' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * One incident: its facts and requests, its timeline, and triage for those who may manage the tenant.
 * Compliance officers read it all and are offered no controls (the actions refuse them as well).
 */
export default async function IncidentPage({ params }: { params: Promise<{ slug: string; incidentId: string }> }) {
  const { slug, incidentId } = await params;
  const access = await requireTenantPageAccess(slug, 'incidents.read');
  if (!UUID.test(incidentId)) notFound();
  const detail = await getIncident(access, incidentId);
  if (!detail) notFound();
  const { incident, activity, assignees } = detail;
  const canTriage = hasTenantPermission(access.principal, access.grant, 'tenant.manage');
  return (
    <div className="space-y-6" data-testid="incident-page" data-version={incident.version}>
      <Link href={`/tenants/${access.tenant.slug}/incidents`} className="text-sm text-indigo-700 hover:underline">
        ← All incidents
      </Link>
      {/* Phones stack details, triage, timeline (the controls stay near the top); wide screens put triage beside both. */}
      <div className="grid gap-6 lg:grid-cols-[3fr_2fr] lg:items-start">
        <div className="min-w-0">
          <Card title={`Incident: ${formatIncidentKind(incident.kind)}`}>
            <IncidentDetails incident={incident} />
          </Card>
        </div>
        <div className="min-w-0 lg:col-start-2 lg:row-span-2 lg:row-start-1">
          <Card title="Triage">
            {canTriage ? (
              <IncidentTriage
                tenantSlug={access.tenant.slug}
                incident={{ id: incident.id, status: incident.status, version: incident.version, assigneeId: incident.assignee?.id ?? null }}
                assignees={assignees}
                changeStatus={changeIncidentStatusAction}
                assign={assignIncidentAction}
                addNote={addIncidentNoteAction}
              />
            ) : (
              <p className="text-sm text-slate-600" data-testid="incident-read-only">
                You can read this incident. Its status, assignee and notes are changed by the tenant&apos;s admins.
              </p>
            )}
          </Card>
        </div>
        <div className="min-w-0 lg:col-start-1 lg:row-start-2">
          <Card title="Timeline">
            <IncidentTimeline openedAt={incident.openedAt} activity={activity} />
          </Card>
        </div>
      </div>
    </div>
  );
}
