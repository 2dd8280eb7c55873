import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { resolveTenantAccess } from '@/lib/auth/tenant-access';
import type { Principal } from '@/lib/auth/principal';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { NotFoundError, UnauthenticatedError } from '@/lib/errors';
import { createTestTenant } from '@/lib/testing/fixtures';
import { handleAuditEventsRequest } from '../api/audit-events-api';
import { resolveApiPrincipal } from '../api/resolve-api-principal';
import type { AuditEvent } from '../event';
import { InvalidCursorError } from '../viewer/cursor';
import { auditEventPageRequestSchema } from '../viewer/event-filter';
import { readAuditEventPage } from '../viewer/read-audit-events';
import type { AuditEventFilter } from './chain-store';
import { appendTestEvents, makeAccess, makePrincipal, type TestTenant } from './db-test-helpers';

// Holding tenant A's audit access (a compliance officer assigned to A), try to read B's events through the
// viewer's read path and the API: by slug, by filters naming B's ids, and with B's cursors.
describe('audit viewer and API isolation', () => {
  let a: TestTenant;
  let b: TestTenant;
  let officerA: Principal;
  let officerB: Principal;
  const read = (principal: Principal, tenant: TestTenant, filter: AuditEventFilter = {}, cursor?: string, limit = 50) =>
    readAuditEventPage(makeAccess(principal, tenant), auditEventPageRequestSchema.parse({ filter, cursor, limit }), { requestId: 'test', via: 'console' });
  const api = (principal: Principal | null, query: string) =>
    handleAuditEventsRequest(new Request(`http://127.0.0.1/api/v1/audit/events?${query}`), async () => principal);

  before(async () => {
    a = await createTestTenant('viewer-a');
    b = await createTestTenant('viewer-b');
    await appendTestEvents(a.id, 30, 'alpha');
    await appendTestEvents(b.id, 30, 'bravo');
    officerA = makePrincipal({ platformRole: 'compliance_officer', grants: [[a, 'compliance']] });
    officerB = makePrincipal({ platformRole: 'compliance_officer', grants: [[b, 'compliance']] });
  });
  after(() => disconnectAllPrismaClients());

  test('another tenant, or a tenant without audit.read, is not found', async () => {
    await assert.rejects(resolveTenantAccess(officerA, b.slug, 'audit.read'), NotFoundError);
    const memberA = makePrincipal({ grants: [[a, 'member']] });
    await assert.rejects(resolveTenantAccess(memberA, a.slug, 'audit.read'), NotFoundError);
    assert.equal((await resolveTenantAccess(officerA, a.slug, 'audit.read')).tenant.id, a.id, 'positive control');
  });

  const foreignFilters: AuditEventFilter[] = [{ requestId: 'bravo-req-7' }, { actorId: 'bravo-user-1' }, { text: 'bravo-model' }, { text: 'BRAVO' }];
  for (const filter of foreignFilters) {
    test(`filtering A's events on B's ${Object.keys(filter)[0]} (${Object.values(filter)[0]}) finds nothing of B's`, async () => {
      const own = await read(officerA, a, filter);
      assert.deepEqual(own.events, []);
      const control = await read(officerB, b, filter);
      assert.ok(control.events.length > 0 && control.events.every((event) => event.tenantId === b.id), 'positive control: B sees its own');
    });
  }

  test('keyset pages walk every event once, newest first, and end', async () => {
    const seen: AuditEvent[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const result = await read(officerA, a, {}, cursor, 7);
      seen.push(...result.events);
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    assert.deepEqual(
      seen.map((event) => event.seq),
      Array.from({ length: 30 }, (_, index) => 30 - index),
    );
    assert.ok(seen.every((event) => event.tenantId === a.id));
  });

  test('a cursor from B, from another filter, or altered is refused with a 400', async () => {
    const bPage = await read(officerB, b, {}, undefined, 5);
    await assert.rejects(read(officerA, a, {}, bPage.nextCursor!, 5), InvalidCursorError);
    const aPage = await read(officerA, a, { outcome: 'success' }, undefined, 5);
    await assert.rejects(read(officerA, a, {}, aPage.nextCursor!, 5), InvalidCursorError);
    const [seq, mac] = Buffer.from(aPage.nextCursor!, 'base64url').toString().split('.');
    const altered = Buffer.from(`${Number(seq) + 3}.${mac}`).toString('base64url');
    await assert.rejects(read(officerA, a, { outcome: 'success' }, altered, 5), InvalidCursorError);
    const next = await read(officerA, a, { outcome: 'success' }, aPage.nextCursor!, 5);
    assert.ok(next.events[0].seq < aPage.events.at(-1)!.seq, 'positive control: the right cursor continues');
    assert.equal(new InvalidCursorError().status, 400);
  });

  test('filters narrow as documented', async () => {
    const blocked = await read(officerA, a, { outcome: 'blocked' });
    assert.deepEqual(
      blocked.events.map((event) => event.seq),
      [30, 25, 20, 15, 10, 5],
    );
    const byAction = await read(officerA, a, { action: 'retrieval.read', actorId: 'alpha-user-0' });
    assert.deepEqual(
      byAction.events.map((event) => event.seq),
      [24, 12],
    );
    const all = await read(officerA, a);
    const [from, to] = [all.events[19].time, all.events[10].time];
    const ranged = await read(officerA, a, { from, to });
    assert.ok(ranged.events.length >= 10 && ranged.events.every((event) => event.time >= from && event.time <= to));
    assert.deepEqual((await read(officerA, a, { text: 'alpha%model' })).events, [], 'LIKE wildcards in the text are literal');
    assert.equal((await read(officerA, a, { text: 'ALPHA-MODEL-1' })).events.length, 15, 'case-insensitive');
  });

  test("the API: 401 without credentials, 404 for B, nothing of B by filter, 400 for B's cursor", async () => {
    const anonymous = await api(null, `tenant=${a.slug}`);
    assert.deepEqual([anonymous.status, await anonymous.json()], [401, { error: 'Sign in to continue.' }]);
    const foreign = await api(officerA, `tenant=${b.slug}`);
    assert.deepEqual([foreign.status, await foreign.json()], [404, { error: 'Not found' }]);
    const filtered = await api(officerA, `tenant=${a.slug}&request_id=bravo-req-7`);
    assert.deepEqual([filtered.status, (await filtered.json()).events], [200, []]);
    const bCursor = (await read(officerB, b, {}, undefined, 5)).nextCursor!;
    const withForeignCursor = await api(officerA, `tenant=${a.slug}&cursor=${bCursor}`);
    assert.deepEqual([withForeignCursor.status, await withForeignCursor.json()], [400, { error: 'This cursor belongs to another tenant or query.' }]);

    const first = await api(officerA, `tenant=${a.slug}&limit=5&outcome=success`);
    const firstBody = await first.json();
    assert.equal(first.status, 200);
    assert.deepEqual(
      firstBody.events.map((event: AuditEvent) => event.seq),
      [29, 28, 27, 26, 24],
    );
    const second = await (await api(officerA, `tenant=${a.slug}&limit=5&outcome=success&cursor=${firstBody.nextCursor}`)).json();
    assert.deepEqual(
      second.events.map((event: AuditEvent) => event.seq),
      [23, 22, 21, 19, 18],
      'positive control: its own cursor continues',
    );
  });

  test('the API refuses unknown parameters, bad times and foreign credentials', async () => {
    assert.equal((await api(officerA, `tenant=${a.slug}&tenant_id=${b.id}`)).status, 400);
    const badTime = await api(officerA, `tenant=${a.slug}&from=yesterday`);
    assert.equal(badTime.status, 400);
    assert.ok((await badTime.json()).fieldErrors['filter.from']);
    // A malformed key is refused outright, never read as "no key" and answered from a cookie (keys: audit-key-access.db.test.ts).
    await assert.rejects(resolveApiPrincipal(new Request('http://127.0.0.1/', { headers: { authorization: 'Bearer bh_not_a_key' } })), UnauthenticatedError);
  });

  test('a NUL byte in a filter is a 400 with a plain message, not a failed query', async () => {
    for (const query of ['actor=%00', 'q=a%00b', 'action=%00', 'cursor=%00']) {
      const response = await api(officerA, `tenant=${a.slug}&${query}`);
      assert.equal(response.status, 400, query);
      assert.match(JSON.stringify(await response.json()), /NUL character|not valid|cursor/i, query);
    }
    assert.equal((await api(officerA, `tenant=${a.slug}&actor=alpha`)).status, 200, 'positive control: an ordinary filter is answered');
  });

  test("a platform admin may read any tenant, and each read is recorded in that tenant's chain", async () => {
    const admin = makePrincipal({ platformRole: 'platform_admin' });
    const access = await resolveTenantAccess(admin, b.slug, 'audit.read');
    assert.equal(access.grant, null);
    const page = await readAuditEventPage(access, auditEventPageRequestSchema.parse({ limit: 3 }), { requestId: 'admin-read', via: 'console' });
    assert.deepEqual([page.events[0].action, page.events[0].actor.id, page.events[0].requestId], ['audit.access', admin.userId, 'admin-read']);
    const viaApi = await (await api(admin, `tenant=${b.slug}&limit=1`)).json();
    assert.deepEqual([viaApi.events[0].action, (viaApi.events[0].payload as { via: string }).via], ['audit.access', 'api']);

    const before = (await read(officerB, b, {}, undefined, 1)).events[0].seq;
    await read(officerB, b);
    assert.equal((await read(officerB, b, {}, undefined, 1)).events[0].seq, before, "an assigned officer's read is not an event");
    assert.ok((await read(officerA, a, { action: 'audit.access' })).events.length === 0, 'nothing was recorded in A');
  });
});
