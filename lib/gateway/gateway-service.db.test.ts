import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { createClient, createGatewayTenant, readStream, startGatewayHarness, type GatewayHarness } from '@/lib/enforcement/testing/gateway-harness';
import { findRequestAuditEvents } from '@/lib/enforcement/testing/read-audit';
import { resetKmsClient } from '@/lib/kms/kms-client';
import { closeTenantSqlPools } from '@/lib/tenancy/with-tenant-sql';

// The gateway service and the console's /api/v1 routes are two doors over one handler and one
// pipeline: the official SDK gets the same answers through both, and both audit the same way.
describe('gateway service over HTTP', () => {
  let gateway: GatewayHarness;
  let consoleDoor: GatewayHarness;
  let tenant: Awaited<ReturnType<typeof createGatewayTenant>>;
  const ask = { model: 'sim-small', messages: [{ role: 'user' as const, content: 'What is the refund window?' }] };

  before(async () => {
    gateway = await startGatewayHarness();
    consoleDoor = await startGatewayHarness({ door: 'console' });
    tenant = await createGatewayTenant('gw-service');
  });
  after(async () => {
    await gateway.close();
    await consoleDoor.close();
    await closeTenantSqlPools();
    await disconnectAllPrismaClients();
  });

  test('the SDK gets the same completion, stream and model list through both doors, each audited', async () => {
    const answers = [];
    for (const door of [gateway, consoleDoor]) {
      const client = createClient(door, tenant.apiKey);
      const completion = await client.chat.completions.create(ask);
      const stream = await readStream(client, { ...ask, stream: true });
      const models = await client.models.list();
      assert.equal(stream.error, null);
      const events = await findRequestAuditEvents(tenant.id, completion._request_id!);
      assert.deepEqual(
        events.map((event) => [event.action, event.outcome]),
        [['inference.request', 'success']],
        'the answer was audited',
      );
      answers.push({ text: completion.choices[0].message.content, streamed: stream.text, models: models.data.map((model) => model.id).sort() });
    }
    assert.ok(answers[0].text && answers[0].models.includes('sim-small'), 'positive control: a real answer');
    assert.deepEqual(answers[0], answers[1]);
  });

  test('the audit API answers through the gateway with an audit key, and refuses without one', async () => {
    const refused = await fetch(`${gateway.baseURL}/audit/events`);
    assert.equal(refused.status, 401, 'no console session on the gateway: no key, no access');
    const inferenceKey = await fetch(`${gateway.baseURL}/audit/events`, { headers: { authorization: `Bearer ${tenant.apiKey}` } });
    assert.equal(inferenceKey.status, 403);
  });

  test('unknown paths get an OpenAI-shaped 404; /api/v1 paths are served like /v1', async () => {
    const unknown = await fetch(`${gateway.baseURL}/nothing-here`);
    assert.equal(unknown.status, 404);
    assert.equal((await unknown.json()).error.code, 'unknown_url');
    const root = gateway.baseURL.replace(/\/v1$/, '');
    const aliased = await fetch(`${root}/api/v1/models`, { headers: { authorization: `Bearer ${tenant.apiKey}` } });
    assert.equal(aliased.status, 200);
    assert.ok((await aliased.json()).data.length > 0);
  });

  test('/healthz is up; /readyz names PostgreSQL, the audit path and KMS, and fails when KMS is unreachable', async () => {
    const root = gateway.baseURL.replace(/\/v1$/, '');
    assert.deepEqual(await (await fetch(`${root}/healthz`)).json(), { status: 'ok' });
    const ready = await fetch(`${root}/readyz`);
    assert.deepEqual([ready.status, await ready.json()], [200, { status: 'ready', checks: { postgres: 'ok', audit: 'ok', kms: 'ok' } }]);

    const endpoint = process.env.BULKHEAD_KMS_ENDPOINT;
    process.env.BULKHEAD_KMS_ENDPOINT = 'http://127.0.0.1:9';
    resetKmsClient();
    try {
      const notReady = await fetch(`${root}/readyz`);
      assert.deepEqual([notReady.status, await notReady.json()], [503, { status: 'not_ready', checks: { postgres: 'ok', audit: 'ok', kms: 'failed' } }]);
      assert.equal((await fetch(`${root}/healthz`)).status, 200, 'liveness does not depend on KMS');
    } finally {
      process.env.BULKHEAD_KMS_ENDPOINT = endpoint;
      resetKmsClient();
    }
    assert.equal((await fetch(`${root}/readyz`)).status, 200, 'ready again');
  });
});
