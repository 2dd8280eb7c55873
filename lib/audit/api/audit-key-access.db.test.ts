import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import type { ApiKeyScope } from '@/lib/auth/api-keys/api-key-scope';
import { createApiKeySecret } from '@/lib/auth/api-keys/api-key-secret';
import { createApiKey, revokeApiKey } from '@/lib/auth/api-keys/manage-api-keys';
import { startGatewayHarness, type GatewayHarness } from '@/lib/enforcement/testing/gateway-harness';
import { createTestTenant } from '@/lib/testing/fixtures';
import { closeTenantSqlPools } from '@/lib/tenancy/with-tenant-sql';
import type { AuditEvent } from '../event';
import { getAuditChainStore } from '../store/chain-store';
import { appendTestEvents, type TestTenant } from '../store/db-test-helpers';

// Machine access to the audit events API with tenant API keys, over real HTTP to the gateway service: an
// audit_read key of tenant A reads A's log and nothing of B's, an inference key cannot read any audit log,
// an audit key cannot call the model, and revocation and unknown keys are refused at once.
describe('audit events API with API keys', () => {
  let harness: GatewayHarness;
  let a: TestTenant;
  let b: TestTenant;
  let auditKeyA: string;
  let auditKeyB: string;
  let inferenceKeyA: string;
  const admin = { type: 'user', id: 'test-admin', label: 'admin@test.example' } as const;

  const createKey = async (tenant: TestTenant, scope: ApiKeyScope) =>
    createApiKey(tenant.id, { name: `${scope}-${crypto.randomUUID().slice(0, 8)}`, scope, actor: admin, createdBy: null, requestId: 'test' });
  const readAudit = (authorization: string, query = '') => fetch(`${harness.baseURL}/audit/events?${query}`, { headers: { authorization } });
  const bearer = (secret: string) => `Bearer ${secret}`;
  const callModel = (secret: string, path = 'chat/completions') =>
    fetch(`${harness.baseURL}/${path}`, {
      method: path === 'models' ? 'GET' : 'POST',
      headers: { authorization: bearer(secret), 'content-type': 'application/json' },
      body: path === 'models' ? undefined : JSON.stringify({ model: 'sim-small', messages: [{ role: 'user', content: 'Say "ok"' }] }),
    });

  before(async () => {
    harness = await startGatewayHarness();
    a = await createTestTenant('auditkey-a');
    b = await createTestTenant('auditkey-b');
    await appendTestEvents(a.id, 30, 'alpha');
    await appendTestEvents(b.id, 30, 'bravo');
    auditKeyA = (await createKey(a, 'audit_read')).secret;
    auditKeyB = (await createKey(b, 'audit_read')).secret;
    inferenceKeyA = (await createKey(a, 'inference')).secret;
  });
  after(async () => {
    await harness.close();
    await closeTenantSqlPools();
    await disconnectAllPrismaClients();
  });

  test("an audit key reads its own tenant's events, with or without naming the tenant (positive control)", async () => {
    for (const query of [`tenant=${a.slug}&limit=200`, 'limit=200']) {
      const response = await readAudit(bearer(auditKeyA), query);
      assert.equal(response.status, 200, query);
      const body = await response.json();
      assert.equal(body.tenant, a.slug);
      const alphaEvents = body.events.filter((event: AuditEvent) => event.requestId.startsWith('alpha-'));
      assert.equal(alphaEvents.length, 30, 'every seeded event of A');
      assert.ok(
        body.events.every((event: AuditEvent) => event.tenantId === a.id),
        'nothing of another tenant',
      );
    }
  });

  test("naming B's tenant with A's key is not found", async () => {
    const response = await readAudit(bearer(auditKeyA), `tenant=${b.slug}`);
    assert.deepEqual([response.status, await response.json()], [404, { error: 'Not found' }]);
    assert.equal((await readAudit(bearer(auditKeyB), `tenant=${b.slug}`)).status, 200, "positive control: B's key reads B");
  });

  test("B's cursor is refused; A's own cursor continues", async () => {
    const bPage = await (await readAudit(bearer(auditKeyB), 'limit=5')).json();
    assert.ok(bPage.nextCursor);
    const foreign = await readAudit(bearer(auditKeyA), `limit=5&cursor=${bPage.nextCursor}`);
    assert.deepEqual([foreign.status, await foreign.json()], [400, { error: 'This cursor belongs to another tenant or query.' }]);

    const first = await (await readAudit(bearer(auditKeyA), 'limit=5')).json();
    const second = await (await readAudit(bearer(auditKeyA), `limit=5&cursor=${first.nextCursor}`)).json();
    assert.equal(second.events.length, 5);
    assert.ok(second.events[0].seq < first.events.at(-1).seq, 'positive control: the next page is older');
  });

  test("filtering on B's ids returns nothing of B's", async () => {
    for (const filter of ['request_id=bravo-req-7', 'actor=bravo-user-1', 'q=bravo']) {
      const own = await readAudit(bearer(auditKeyA), filter);
      assert.deepEqual([own.status, (await own.json()).events], [200, []], filter);
      const control = await (await readAudit(bearer(auditKeyB), filter)).json();
      assert.ok(control.events.length > 0 && control.events.every((event: AuditEvent) => event.tenantId === b.id), `positive control: B finds ${filter}`);
    }
  });

  test('a revoked key is refused on the very next request', async () => {
    const { id, secret } = await createKey(a, 'audit_read');
    assert.equal((await readAudit(bearer(secret))).status, 200, 'positive control: it works before revocation (and is now cached)');
    await revokeApiKey(a.id, { keyId: id, actor: admin, requestId: 'test' });
    const refused = await readAudit(bearer(secret));
    assert.deepEqual([refused.status, await refused.json()], [401, { error: 'Incorrect API key provided, or the key was revoked.' }]);
  });

  test('unknown, malformed and non-bearer credentials are refused with a 401, never read as a session', async () => {
    const unknown = createApiKeySecret().secret;
    for (const authorization of [bearer(unknown), 'Bearer bhk_short', `Basic ${Buffer.from('a:b').toString('base64')}`, '']) {
      const response = await readAudit(authorization, `tenant=${a.slug}`);
      assert.equal(response.status, 401, authorization);
      const body = await response.json();
      assert.match(body.error, /Incorrect API key provided/);
      assert.equal(JSON.stringify(body).includes(a.slug), false, 'nothing about the tenant leaks');
    }
  });

  test('an inference key is refused on the audit API with a 403', async () => {
    const response = await readAudit(bearer(inferenceKeyA), `tenant=${a.slug}`);
    assert.equal(response.status, 403);
    const body = await response.json();
    assert.match(body.error, /scope inference/);
    assert.equal(body.events, undefined);
  });

  test("an audit key is refused on the chat and models APIs with a 403 in OpenAI's shape; an inference key is not", async () => {
    for (const path of ['chat/completions', 'models']) {
      const refused = await callModel(auditKeyA, path);
      assert.equal(refused.status, 403, path);
      assert.deepEqual((await refused.json()).error, {
        message: 'This API key may only read the audit log (scope audit_read). Call the model with an inference key.',
        type: 'permission_error',
        param: null,
        code: 'insufficient_scope',
      });
    }
    harness.model.clearReceivedRequests();
    await callModel(auditKeyA);
    assert.equal(harness.model.getReceivedRequests().length, 0, 'the refused request never reached the model');
    const answered = await callModel(inferenceKeyA);
    assert.equal(answered.status, 200, 'positive control: the inference key calls the model');
    assert.ok(harness.model.getReceivedRequests().length > 0);
  });

  test("a key's reads are the tenant's own, like an assigned officer's: not recorded as platform access", async () => {
    assert.equal((await readAudit(bearer(auditKeyA), 'limit=1')).status, 200);
    const accesses = (await getAuditChainStore(a.id).findEvents({ action: 'audit.access', limit: 10 })).events;
    assert.deepEqual(accesses, []);
  });
});
