// Helpers for the incident database tests: incidents opened through the gateway's own path, a
// compliance officer assigned to a tenant, and a tenant's incident as stored (read in its context).
import { randomUUID } from 'node:crypto';
import type { Principal } from '@/lib/auth/principal';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { withTenant } from '@/lib/tenancy/with-tenant';
import type { IncidentDraft } from './derive-incidents';
import { openIncidents } from './open-incidents';

export async function openTestIncident(tenantId: string, overrides: Partial<IncidentDraft> = {}): Promise<string> {
  const [id] = await openIncidents(
    [
      {
        tenantId,
        kind: 'prompt_extraction',
        severity: 'medium',
        layer: 'prompt',
        otherTenantId: null,
        requestId: randomUUID(),
        summary: 'A test incident.',
        ...overrides,
      },
    ],
    tenantId,
  );
  return id;
}

/** A compliance officer assigned to the tenant, as the session would build them. */
export async function createComplianceOfficer(tenant: { id: string; slug: string; name: string }): Promise<Principal> {
  const email = `compliance-${randomUUID().slice(0, 8)}@test.example`;
  const user = await withPlatformSystemAccess('test fixture', async (tx) => {
    const created = await tx.user.create({
      data: { email, name: 'Compliance Officer', passwordHash: 'not-a-real-hash', platformRole: 'compliance_officer' },
      select: { id: true },
    });
    await tx.complianceAssignment.create({ data: { tenantId: tenant.id, userId: created.id } });
    return created;
  });
  return {
    userId: user.id,
    email,
    name: 'Compliance Officer',
    platformRole: 'compliance_officer',
    grants: [{ tenantId: tenant.id, slug: tenant.slug, name: tenant.name, role: 'compliance' }],
    sessionTokenHash: 'test',
  };
}

export async function readStoredIncident(tenantId: string, incidentId: string) {
  return withTenant(tenantId, async (tx) => ({
    incident: await tx.incident.findFirst({ where: { id: incidentId }, select: { status: true, version: true, assigneeId: true } }),
    activity: await tx.incidentActivity.findMany({ where: { incidentId }, orderBy: { createdAt: 'asc' } }),
  }));
}

export function editorOf(principal: Principal) {
  return { editor: { userId: principal.userId, email: principal.email }, requestId: randomUUID() };
}
