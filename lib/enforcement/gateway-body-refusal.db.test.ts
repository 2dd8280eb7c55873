import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { closeTenantSqlPools } from '@/lib/tenancy/with-tenant-sql';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { flushBodyRefusals } from './record-body-refusal';
import { createGatewayTenant, startGatewayHarness, type GatewayHarness } from './testing/gateway-harness';
import { MAX_BODY_BYTES } from './validate-request';

/** A POST over real HTTP; `chunked` sends no Content-Length, so the server must count what arrives. */
function post(harness: GatewayHarness, apiKey: string, body: string, options: { chunked?: boolean } = {}): Promise<number> {
  const url = new URL(`${harness.baseURL}/chat/completions`);
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
    if (!options.chunked) headers['content-length'] = Buffer.byteLength(body);
    const request = http.request(url, { method: 'POST', headers }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    if (options.chunked) for (let offset = 0; offset < body.length; offset += 64 * 1024) request.write(body.slice(offset, offset + 64 * 1024));
    else request.write(body);
    request.end();
  });
}

async function findRefusals(tenantId: string) {
  const rows = await withTenant(tenantId, (tx) =>
    tx.auditEvent.findMany({ where: { tenantId, action: 'inference.refused' }, orderBy: { seq: 'asc' }, select: { outcome: true, payloadJson: true } }),
  );
  return rows.map((row) => ({ outcome: row.outcome, payload: JSON.parse(row.payloadJson) }));
}

describe('refusals before the body is parsed are audited, bounded', () => {
  let harness: GatewayHarness;
  let tenant: Awaited<ReturnType<typeof createGatewayTenant>>;
  let bystander: Awaited<ReturnType<typeof createGatewayTenant>>;
  const oversized = JSON.stringify({ model: 'sim-small', messages: [{ role: 'user', content: 'x'.repeat(MAX_BODY_BYTES) }] });

  before(async () => {
    harness = await startGatewayHarness();
    tenant = await createGatewayTenant('gw-refusal');
    bystander = await createGatewayTenant('gw-refusal-other');
  });
  after(async () => {
    await harness.close();
    await closeTenantSqlPools();
    await disconnectAllPrismaClients();
  });

  test('the first refusal is in the chain at once; a flood of them becomes one summary', async () => {
    assert.equal(await post(harness, tenant.apiKey, '{"model": "sim-small", "messages": ['), 400);
    const first = await findRefusals(tenant.id);
    assert.deepEqual(first, [{ outcome: 'denied', payload: { status: 400, code: 'invalid_json', count: 1 } }]);

    const flood = [];
    for (let index = 0; index < 30; index++) flood.push(post(harness, tenant.apiKey, index % 2 ? '\u0000' : 'not json'));
    flood.push(post(harness, tenant.apiKey, oversized), post(harness, tenant.apiKey, oversized, { chunked: true }));
    const statuses = await Promise.all(flood);
    assert.deepEqual([...new Set(statuses)].sort(), [400, 413]);
    assert.equal((await findRefusals(tenant.id)).length, 1, 'no write per refused request');

    await flushBodyRefusals();
    const events = await findRefusals(tenant.id);
    assert.equal(events.length, 2);
    assert.deepEqual(events[1].payload, { summary: true, count: 32, byCode: { invalid_json: 30, request_too_large: 2 }, windowSeconds: 60 });
    assert.deepEqual(await findRefusals(bystander.id), [], "another tenant's chain is untouched");
  });

  test('positive control: a refusal without a valid key names no tenant and writes nothing', async () => {
    const before = await findRefusals(tenant.id);
    assert.equal(await post(harness, `${tenant.apiKey.slice(0, -4)}abcd`, 'not json'), 401);
    await flushBodyRefusals();
    assert.deepEqual(await findRefusals(tenant.id), before);
  });
});
