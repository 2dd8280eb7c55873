import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type pg from 'pg';
import type { Principal } from '@/lib/auth/principal';
import { resolveTenantAccess } from '@/lib/auth/tenant-access';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { NotFoundError, UserFacingError } from '@/lib/errors';
import { connectAsApp, createTestTenant } from '@/lib/testing/fixtures';
import { createPlatformAdmin, createTenantAdmin } from '../control-test-fixtures';
import { addIncidentNote } from './add-incident-note';
import { assignIncident } from './assign-incident';
import { findAllIncidents, findTenantIncidents } from './find-incidents';
import { getIncident } from './get-incident';
import { createComplianceOfficer, editorOf, openTestIncident, readStoredIncident } from './incident-test-fixtures';
import { updateIncidentStatus } from './update-incident-status';

// Attacks with tenant A's admin (a valid identity) on tenant B's incidents, by B's slug and by B's
// incident ids inside A's own access; each has a positive control on A's own incident that proves
// the same call would have worked. Compliance officers read and never triage.
describe('incident triage authorization', () => {
  let tenantA: { id: string; slug: string; name: string };
  let tenantB: { id: string; slug: string; name: string };
  let adminA: Principal;
  let adminB: Principal;
  let platformAdmin: Principal;
  let incidentA: string;
  let incidentB: string;
  let app: pg.Client;

  before(async () => {
    tenantA = await createTestTenant('triage-auth-a');
    tenantB = await createTestTenant('triage-auth-b');
    adminA = await createTenantAdmin(tenantA);
    adminB = await createTenantAdmin(tenantB);
    platformAdmin = await createPlatformAdmin();
    incidentA = await openTestIncident(tenantA.id);
    incidentB = await openTestIncident(tenantB.id, { otherTenantId: tenantA.id, kind: 'cross_tenant_bleed', severity: 'critical' });
    app = await connectAsApp();
  });
  after(async () => {
    await app.end();
    await disconnectAllPrismaClients();
  });

  test("A's admin cannot reach B's incidents through B's slug", async () => {
    await assert.rejects(resolveTenantAccess(adminA, tenantB.slug, 'incidents.read'), NotFoundError);
    await assert.rejects(resolveTenantAccess(adminA, tenantB.slug, 'tenant.manage'), NotFoundError);
    const own = await resolveTenantAccess(adminA, tenantA.slug, 'tenant.manage');
    assert.equal(own.tenant.id, tenantA.id, 'positive control: the same identity reaches its own tenant');
  });

  test("A's admin holding A's access reads B's incident id as absent; A's list holds only A's", async () => {
    const accessA = await resolveTenantAccess(adminA, tenantA.slug, 'incidents.read');
    assert.equal(await getIncident(accessA, incidentB), null);
    assert.equal((await getIncident(accessA, incidentA))?.incident.id, incidentA, "positive control: A's own incident reads");
    const listA = await findTenantIncidents(tenantA, { range: 'all' });
    assert.ok(listA.incidents.some((incident) => incident.id === incidentA));
    assert.ok(listA.incidents.every((incident) => incident.tenant.id === tenantA.id && incident.id !== incidentB));
    const accessB = await resolveTenantAccess(adminB, tenantB.slug, 'incidents.read');
    assert.equal((await getIncident(accessB, incidentB))?.incident.otherTenant?.label, 'another tenant', "B's admin sees B's incident, never A's name");
  });

  test("A's admin cannot change, assign or annotate B's incident by its id; the same calls work on A's", async () => {
    const fromA = editorOf(adminA);
    await assert.rejects(updateIncidentStatus(tenantA.id, { ...fromA, incidentId: incidentB, expectedVersion: 1, status: 'resolved' }), NotFoundError);
    await assert.rejects(assignIncident(tenantA.id, { ...fromA, incidentId: incidentB, expectedVersion: 1, assigneeId: adminA.userId }), NotFoundError);
    await assert.rejects(addIncidentNote(tenantA.id, { ...fromA, incidentId: incidentB, note: 'planted' }), NotFoundError);
    const storedB = await readStoredIncident(tenantB.id, incidentB);
    assert.deepEqual(storedB.incident, { status: 'open', version: 1, assigneeId: null });
    assert.equal(storedB.activity.length, 0);

    await updateIncidentStatus(tenantA.id, { ...fromA, incidentId: incidentA, expectedVersion: 1, status: 'acknowledged' });
    await addIncidentNote(tenantA.id, { ...fromA, incidentId: incidentA, note: 'looking into it' });
    const storedA = await readStoredIncident(tenantA.id, incidentA);
    assert.deepEqual(storedA.incident, { status: 'acknowledged', version: 2, assigneeId: null }, 'positive control: the same calls change A');
    assert.deepEqual(
      storedA.activity.map((entry) => entry.kind),
      ['status', 'note'],
    );
  });

  test("an assignee must be able to act on the tenant: B's admin and a compliance officer are refused, A's admin and a platform admin taken", async () => {
    const incident = await openTestIncident(tenantA.id);
    const officer = await createComplianceOfficer(tenantA);
    const assign = (assigneeId: string, expectedVersion: number) =>
      assignIncident(tenantA.id, { ...editorOf(adminA), incidentId: incident, expectedVersion, assigneeId });
    await assert.rejects(assign(adminB.userId, 1), (error: unknown) => error instanceof UserFacingError && error.status === 422);
    await assert.rejects(assign(officer.userId, 1), (error: unknown) => error instanceof UserFacingError && error.status === 422);
    assert.deepEqual(await assign(adminA.userId, 1), { version: 2 });
    assert.deepEqual(await assign(platformAdmin.userId, 2), { version: 3 });
    assert.equal((await readStoredIncident(tenantA.id, incident)).incident?.assigneeId, platformAdmin.userId);
  });

  test('a compliance officer assigned to A reads its incidents and may not triage them; B stays out of reach', async () => {
    const officer = await createComplianceOfficer(tenantA);
    const read = await resolveTenantAccess(officer, tenantA.slug, 'incidents.read');
    assert.equal((await getIncident(read, incidentA))?.incident.id, incidentA);
    // Every triage action is declared with tenant.manage; this is the check its wrapper makes first.
    await assert.rejects(resolveTenantAccess(officer, tenantA.slug, 'tenant.manage'), NotFoundError);
    await assert.rejects(resolveTenantAccess(officer, tenantB.slug, 'incidents.read'), NotFoundError);
  });

  test('the platform list reaches every tenant for platform admins and refuses anyone else; the tenant filter narrows it', async () => {
    const all = await findAllIncidents(platformAdmin, { range: 'all', tenant: tenantB.slug });
    assert.deepEqual(
      all.incidents.map((incident) => [incident.id, incident.otherTenant?.label]),
      [[incidentB, tenantA.name]],
      'one tenant, with the other tenant named for the platform',
    );
    await assert.rejects(findAllIncidents(adminA, { range: 'all' }), /Only platform admins/);
  });

  test("the app role in A's context cannot touch B's incident, nor hang A's timeline on it, nor edit a timeline", async () => {
    await app.query('BEGIN');
    try {
      await app.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantA.id]);
      const updated = await app.query(`UPDATE incidents SET status = 'resolved', version = version + 1 WHERE id = $1`, [incidentB]);
      assert.equal(updated.rowCount, 0);
      const own = await app.query(
        `INSERT INTO incident_activity (tenant_id, incident_id, kind, note, actor_label) VALUES ($1, $2, 'note', 'ok', 'probe') RETURNING id`,
        [tenantA.id, incidentA],
      );
      assert.equal(own.rowCount, 1, "positive control: a row on A's own incident is accepted");
      await app.query('SAVEPOINT probe');
      await assert.rejects(
        app.query(`INSERT INTO incident_activity (tenant_id, incident_id, kind, note, actor_label) VALUES ($1, $2, 'note', 'planted', 'probe')`, [
          tenantA.id,
          incidentB,
        ]),
        { code: '23503' },
      );
      await app.query('ROLLBACK TO SAVEPOINT probe');
      await assert.rejects(app.query(`UPDATE incident_activity SET note = 'rewritten' WHERE id = $1`, [own.rows[0].id]), { code: '42501' });
      await app.query('ROLLBACK TO SAVEPOINT probe');
      await assert.rejects(app.query(`DELETE FROM incident_activity WHERE id = $1`, [own.rows[0].id]), { code: '42501' });
    } finally {
      await app.query('ROLLBACK');
    }
    assert.equal((await readStoredIncident(tenantB.id, incidentB)).incident?.status, 'open');
  });
});
