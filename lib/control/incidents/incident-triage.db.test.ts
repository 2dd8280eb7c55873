import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Principal } from '@/lib/auth/principal';
import { resolveTenantAccess } from '@/lib/auth/tenant-access';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { createTestTenant } from '@/lib/testing/fixtures';
import { createTenantAdmin, readAuditEvents } from '../control-test-fixtures';
import { addIncidentNote } from './add-incident-note';
import { assignIncident } from './assign-incident';
import { IncidentConflictError } from './change-incident';
import { exportTenantIncidents } from './export-incidents';
import { findTenantIncidents } from './find-incidents';
import { getIncident } from './get-incident';
import { parseIncidentFilters } from './incident-filters';
import { editorOf, openTestIncident, readStoredIncident } from './incident-test-fixtures';
import { updateIncidentStatus } from './update-incident-status';

describe('incident triage: concurrency, audit events, paging and export', () => {
  let tenant: { id: string; slug: string; name: string };
  let first: Principal;
  let second: Principal;

  before(async () => {
    tenant = await createTestTenant('triage');
    first = await createTenantAdmin(tenant);
    second = await createTenantAdmin(tenant);
  });
  after(() => disconnectAllPrismaClients());

  test('two admins changing the same version at once: one change lands, the other is told, nothing is lost', async () => {
    const incident = await openTestIncident(tenant.id);
    const results = await Promise.allSettled([
      updateIncidentStatus(tenant.id, { ...editorOf(first), incidentId: incident, expectedVersion: 1, status: 'resolved' }),
      assignIncident(tenant.id, { ...editorOf(second), incidentId: incident, expectedVersion: 1, assigneeId: second.userId }),
    ]);
    const landed = results.filter((result) => result.status === 'fulfilled');
    const refused = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    assert.equal(landed.length, 1, 'exactly one of the two changes lands');
    assert.ok(refused[0].reason instanceof IncidentConflictError, `the other is a conflict, not an overwrite: ${refused[0].reason}`);
    assert.equal(refused[0].reason.status, 409);
    const stored = await readStoredIncident(tenant.id, incident);
    assert.equal(stored.incident?.version, 2);
    assert.equal(stored.activity.length, 1, 'the timeline holds only the change that landed');
    const events = (await readAuditEvents(tenant.id)).filter((event) => event.target === `incident:${incident}` && event.action !== 'incident.open');
    assert.equal(events.length, 1, 'and so does the chain');
  });

  test('a change made on a stale view is refused after another landed; made on the new version it lands', async () => {
    const incident = await openTestIncident(tenant.id);
    await updateIncidentStatus(tenant.id, { ...editorOf(first), incidentId: incident, expectedVersion: 1, status: 'acknowledged' });
    await assert.rejects(
      updateIncidentStatus(tenant.id, { ...editorOf(second), incidentId: incident, expectedVersion: 1, status: 'resolved' }),
      IncidentConflictError,
    );
    assert.deepEqual(await updateIncidentStatus(tenant.id, { ...editorOf(second), incidentId: incident, expectedVersion: 2, status: 'resolved' }), {
      version: 3,
    });
    await assert.rejects(
      updateIncidentStatus(tenant.id, { ...editorOf(second), incidentId: incident, expectedVersion: 3, status: 'resolved' }),
      /already resolved/,
    );
  });

  test("every change is an audit event in the tenant's chain, in order, with before and after; a note's text stays out of it", async () => {
    const incident = await openTestIncident(tenant.id);
    const note = 'Checked with the app team: a red-team exercise.';
    await updateIncidentStatus(tenant.id, { ...editorOf(first), incidentId: incident, expectedVersion: 1, status: 'acknowledged' });
    await assignIncident(tenant.id, { ...editorOf(first), incidentId: incident, expectedVersion: 2, assigneeId: second.userId });
    await addIncidentNote(tenant.id, { ...editorOf(second), incidentId: incident, note });
    await updateIncidentStatus(tenant.id, { ...editorOf(second), incidentId: incident, expectedVersion: 3, status: 'resolved' });
    await updateIncidentStatus(tenant.id, { ...editorOf(first), incidentId: incident, expectedVersion: 4, status: 'open' });

    const events = (await readAuditEvents(tenant.id)).filter((event) => event.target === `incident:${incident}`);
    assert.deepEqual(
      events.map((event) => [event.action, event.actorId]),
      [
        ['incident.open', 'gateway'],
        ['incident.update', first.userId],
        ['incident.assign', first.userId],
        ['incident.note', second.userId],
        ['incident.close', second.userId],
        ['incident.update', first.userId],
      ],
    );
    assert.deepEqual(events[1].payload, { before: { status: 'open' }, after: { status: 'acknowledged' } });
    assert.deepEqual(events[2].payload, { before: { assigneeId: null }, after: { assigneeId: second.userId } });
    assert.deepEqual(events[3].payload, { noteSha256: createHash('sha256').update(note).digest('hex'), length: note.length });
    assert.ok(
      events.every((event) => !event.payloadJson.includes('red-team')),
      'the note text is not in the chain',
    );
    assert.deepEqual(events[5].payload, { before: { status: 'resolved' }, after: { status: 'open' } }, 'reopened');

    const detail = await getIncident(await resolveTenantAccess(first, tenant.slug, 'incidents.read'), incident);
    assert.deepEqual(
      detail?.activity.map((entry) => [entry.kind, entry.before, entry.after]),
      [
        ['status', 'open', 'acknowledged'],
        ['assignment', null, second.name],
        ['note', null, null],
        ['status', 'acknowledged', 'resolved'],
        ['status', 'resolved', 'open'],
      ],
      'the timeline tells the same story',
    );
    assert.equal(detail?.activity[2].note, note);
  });

  test('keyset pages cover every matching incident once, newest first, and filters narrow them', async () => {
    const own = await createTestTenant('triage-pages');
    const opened: string[] = [];
    for (let index = 0; index < 5; index += 1) opened.push(await openTestIncident(own.id, { severity: index % 2 === 0 ? 'high' : 'low' }));
    const seen: string[] = [];
    let after: string | null = null;
    const pageSizes: number[] = [];
    do {
      const filters = parseIncidentFilters(after ? { after } : {});
      const page = await findTenantIncidents(own, filters, 2);
      pageSizes.push(page.incidents.length);
      seen.push(...page.incidents.map((incident) => incident.id));
      after = page.nextCursor;
    } while (after);
    assert.deepEqual(pageSizes, [2, 2, 1]);
    assert.deepEqual(new Set(seen), new Set(opened));
    assert.equal(seen.length, 5, 'no incident twice');
    const high = await findTenantIncidents(own, parseIncidentFilters({ severity: 'high', status: 'open', range: '24h' }));
    assert.equal(high.incidents.length, 3);
    assert.ok(high.incidents.every((incident) => incident.severity === 'high'));
    assert.throws(() => parseIncidentFilters({ severity: 'urgent' }), /severity: Choose a severity/);
    assert.throws(() => parseIncidentFilters({ after: "1' OR 1=1" }), /page link is not valid/);

    const access = await resolveTenantAccess(await createTenantAdmin(own), own.slug, 'incidents.read');
    const exported = await exportTenantIncidents(access, parseIncidentFilters({ severity: 'low' }), 'csv', randomUUID());
    const lines = exported.body.trim().split('\r\n');
    assert.equal(lines.length, 3, 'a header and the two low-severity incidents');
    assert.ok(lines.slice(1).every((line) => line.includes('"low"') && line.includes(own.slug)));
    const [exportEvent] = (await readAuditEvents(own.id, 'incident.export')).slice(-1);
    assert.deepEqual(exportEvent.payload, { format: 'csv', count: 2, filters: { severity: 'low' } });
  });
});
