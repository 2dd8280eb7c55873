import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { API_KEY_CACHE_TTL_MS } from '@/lib/enforcement/api-keys/api-key-cache';
import { revokeApiKey } from '@/lib/enforcement/api-keys/manage-api-keys';
import { createGatewayTenant } from '@/lib/enforcement/testing/gateway-harness';
import { findRequestAuditEvents } from '@/lib/enforcement/testing/read-audit';
import { TENANT_CONFIG_TTL_MS } from '@/lib/enforcement/tenant-config';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { closeTenantSqlPools } from '@/lib/tenancy/with-tenant-sql';
import { startLocalModel, type LocalModel } from '@/scripts/local-model/server';
import { startGatewayProcess, type GatewayProcess } from './testing/gateway-process';

/** Well under every cache period: a change seen this fast came by notice, not by expiry. */
const NOTICE_BOUND_MS = 1_000;

// Two real gateway processes cache a tenant's key and settings; a change committed by a third process
// (this test, as the console would) reaches both by PostgreSQL LISTEN/NOTIFY, long before any expiry.
describe('gateway caches across processes', () => {
  let model: LocalModel;
  let gateways: GatewayProcess[];
  const admin = { type: 'user', id: 'test-admin', label: 'admin@test.example' } as const;

  const ask = (gateway: GatewayProcess, apiKey: string) =>
    fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'sim-small', messages: [{ role: 'user', content: 'What is the refund window?' }] }),
    });

  /**
   * Polls every process until `isChanged` holds for its answer. Returns, for the slowest process, when
   * the first request it answered in the new state was sent (the change had reached it by then), so a
   * busy machine's request latency does not count as propagation time.
   */
  async function waitForEveryProcess(isChanged: (response: Response) => Promise<boolean>, since: number): Promise<number> {
    const reached = await Promise.all(
      gateways.map(async (gateway) => {
        for (;;) {
          const sentAt = Date.now();
          if (await isChanged(await ask(gateway, currentKey))) return sentAt - since;
          if (Date.now() - since > API_KEY_CACHE_TTL_MS + TENANT_CONFIG_TTL_MS) throw new Error(`${gateway.url} still serves the old state`);
          await sleep(10);
        }
      }),
    );
    return Math.max(...reached);
  }
  let currentKey = '';

  before(async () => {
    model = await startLocalModel();
    gateways = await Promise.all([startGatewayProcess({ BULKHEAD_LOCAL_MODEL_URL: model.url }), startGatewayProcess({ BULKHEAD_LOCAL_MODEL_URL: model.url })]);
  });
  after(async () => {
    await Promise.all(gateways.map((gateway) => gateway.stop()));
    await model.close();
    await closeTenantSqlPools();
    await disconnectAllPrismaClients();
  });

  test(`a revoked key stops working in every process within ${NOTICE_BOUND_MS} ms (its cache keeps keys ${API_KEY_CACHE_TTL_MS} ms)`, async () => {
    const tenant = await createGatewayTenant('gw-notice-revoke');
    currentKey = tenant.apiKey;
    for (const gateway of gateways) assert.equal((await ask(gateway, tenant.apiKey)).status, 200, 'positive control: the key works, and is now cached, in each process');
    const revokedAt = Date.now();
    await revokeApiKey(tenant.id, { keyId: tenant.keyId, actor: admin, requestId: 'test' });
    const took = await waitForEveryProcess(async (response) => response.status === 401, revokedAt);
    assert.ok(took < NOTICE_BOUND_MS, `refused everywhere after ${took} ms`);
  });

  test('an offboarded tenant\'s keys stop in every process at once', async () => {
    const tenant = await createGatewayTenant('gw-notice-offboard');
    currentKey = tenant.apiKey;
    for (const gateway of gateways) assert.equal((await ask(gateway, tenant.apiKey)).status, 200);
    const offboardedAt = Date.now();
    await withPlatformSystemAccess('test', (tx) => tx.tenant.update({ where: { id: tenant.id }, data: { status: 'offboarded' } }));
    const took = await waitForEveryProcess(async (response) => response.status === 401 || response.status === 403, offboardedAt);
    assert.ok(took < NOTICE_BOUND_MS, `refused everywhere after ${took} ms`);
  });

  test(`changed gateway settings apply in every process within ${NOTICE_BOUND_MS} ms (its cache keeps tenants ${TENANT_CONFIG_TTL_MS} ms)`, async () => {
    const tenant = await createGatewayTenant('gw-notice-settings', { burst: 1_000, requestsPerMinute: 60_000 });
    currentKey = tenant.apiKey;
    const storesText = async (response: Response) => {
      const events = await findRequestAuditEvents(tenant.id, response.headers.get('x-request-id')!);
      return events[0]?.payload.requestText !== undefined;
    };
    for (const gateway of gateways) assert.equal(await storesText(await ask(gateway, tenant.apiKey)), false, 'positive control: no payload text stored yet, and the settings are cached');
    const changedAt = Date.now();
    await withPlatformSystemAccess('test', (tx) => tx.gatewaySettings.update({ where: { tenantId: tenant.id }, data: { storePayloads: true } }));
    const took = await waitForEveryProcess(storesText, changedAt);
    assert.ok(took < NOTICE_BOUND_MS, `applied everywhere after ${took} ms`);
  });
});
