import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import { revokeApiKey } from '@/lib/auth/api-keys/manage-api-keys';
import { createGatewayTenant } from '@/lib/enforcement/testing/gateway-harness';
import { findRequestAuditEvents } from '@/lib/enforcement/testing/read-audit';
import { activatePromptVersion } from '@/lib/prompts/activate-prompt-version';
import { createPromptConfig } from '@/lib/prompts/create-prompt-config';
import { savePromptDraft } from '@/lib/prompts/save-prompt-draft';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { postChatCompletion, useGatewayFleet } from './testing/gateway-process';

/** The caches' own periods in the gateway processes, far above the bound, so only a notice can meet it. */
const CACHE_MS = 60_000;
/** What the test holds the notice path to: generous for a busy 2-core machine (deliveries take milliseconds). */
const NOTICE_BOUND_MS = 2_000;

// Two real gateway processes cache a tenant's key and settings; a change committed by a third process
// (this test, as the console would) reaches both by PostgreSQL LISTEN/NOTIFY, long before any expiry.
describe('gateway caches across processes', () => {
  const fleet = useGatewayFleet(2, {
    BULKHEAD_API_KEY_CACHE_MS: String(CACHE_MS),
    BULKHEAD_TENANT_CONFIG_CACHE_MS: String(CACHE_MS),
    BULKHEAD_ACTIVE_PROMPT_CACHE_MS: String(CACHE_MS),
  });
  const admin = { type: 'user', id: 'test-admin', label: 'admin@test.example' } as const;

  const ask = postChatCompletion;

  /**
   * Probes every process every 25 ms, without waiting for answers (a busy machine's latency must not
   * count as propagation), until each has answered a probe in the new state. Returns, for the slowest
   * process, when its earliest probe answered in the new state was sent: the change had reached it by
   * then. Every probe sent later must show the new state too (no process flips back).
   */
  async function waitForEveryProcess(isChanged: (response: Response) => Promise<boolean>, since: number): Promise<number> {
    const reached = await Promise.all(
      fleet.gateways.map(async (gateway) => {
        const probes: Promise<{ sentAt: number; changed: boolean }>[] = [];
        let seen = false;
        while (!seen) {
          if (Date.now() - since > CACHE_MS / 2) throw new Error(`${gateway.url} still serves the old state`);
          const sentAt = Date.now();
          probes.push(
            ask(gateway, currentKey).then(async (response) => {
              const changed = await isChanged(response);
              if (changed) seen = true;
              return { sentAt, changed };
            }),
          );
          await sleep(25);
        }
        const results = await Promise.all(probes);
        const first = Math.min(...results.filter((probe) => probe.changed).map((probe) => probe.sentAt));
        assert.deepEqual(
          results.filter((probe) => probe.sentAt > first && !probe.changed),
          [],
          'no probe after the change saw the old state',
        );
        return first - since;
      }),
    );
    return Math.max(...reached);
  }
  let currentKey = '';

  test(`a revoked key stops working in every process within ${NOTICE_BOUND_MS} ms (caches keep them ${CACHE_MS} ms)`, async (t) => {
    const tenant = await createGatewayTenant('gw-notice-revoke');
    currentKey = tenant.apiKey;
    for (const gateway of fleet.gateways)
      assert.equal((await ask(gateway, tenant.apiKey)).status, 200, 'positive control: the key works, and is now cached, in each process');
    await revokeApiKey(tenant.id, { keyId: tenant.keyId, actor: admin, requestId: 'test' });
    // Timed from the revocation's return: it committed (and so sent its notice) just before.
    const revokedAt = Date.now();
    const took = await waitForEveryProcess(async (response) => response.status === 401, revokedAt);
    t.diagnostic(`slowest process: ${took} ms`);
    assert.ok(took < NOTICE_BOUND_MS, `refused everywhere after ${took} ms`);
  });

  test("an offboarded tenant's keys stop in every process at once", async (t) => {
    const tenant = await createGatewayTenant('gw-notice-offboard');
    currentKey = tenant.apiKey;
    for (const gateway of fleet.gateways) assert.equal((await ask(gateway, tenant.apiKey)).status, 200);
    await withPlatformSystemAccess('test', (tx) => tx.tenant.update({ where: { id: tenant.id }, data: { status: 'offboarded' } }));
    const offboardedAt = Date.now();
    const took = await waitForEveryProcess(async (response) => response.status === 401 || response.status === 403, offboardedAt);
    t.diagnostic(`slowest process: ${took} ms`);
    assert.ok(took < NOTICE_BOUND_MS, `refused everywhere after ${took} ms`);
  });

  test(`changed gateway settings apply in every process within ${NOTICE_BOUND_MS} ms (caches keep them ${CACHE_MS} ms)`, async (t) => {
    const tenant = await createGatewayTenant('gw-notice-settings', { burst: 1_000, requestsPerMinute: 60_000 });
    currentKey = tenant.apiKey;
    const storesText = async (response: Response) => {
      const events = await findRequestAuditEvents(tenant.id, response.headers.get('x-request-id')!);
      return events[0]?.payload.requestText !== undefined;
    };
    for (const gateway of fleet.gateways)
      assert.equal(await storesText(await ask(gateway, tenant.apiKey)), false, 'positive control: no payload text stored yet, and the settings are cached');
    await withPlatformSystemAccess('test', (tx) => tx.gatewaySettings.update({ where: { tenantId: tenant.id }, data: { storePayloads: true } }));
    const changedAt = Date.now();
    const took = await waitForEveryProcess(storesText, changedAt);
    t.diagnostic(`slowest process: ${took} ms`);
    assert.ok(took < NOTICE_BOUND_MS, `applied everywhere after ${took} ms`);
  });

  test(`an activated prompt version is served by every process within ${NOTICE_BOUND_MS} ms (caches keep it ${CACHE_MS} ms)`, async (t) => {
    const tenant = await createGatewayTenant('gw-notice-prompt');
    currentKey = tenant.apiKey;
    const actor = { userId: randomUUID(), label: 'admin@test.example', requestId: randomUUID() };
    const params = { model: 'sim-small', temperature: 0, maxTokens: 64 };
    const { configId, versionId: first } = await createPromptConfig(tenant.id, { name: 'Assistant', body: 'First instructions.', ...params }, actor);
    await activatePromptVersion(tenant.id, { configId, versionId: first }, actor);
    const servedVersion = async (response: Response) => {
      const events = await findRequestAuditEvents(tenant.id, response.headers.get('x-request-id')!);
      return (events[0]?.payload.trace as { prompt?: { versionId?: string } } | undefined)?.prompt?.versionId;
    };
    for (const gateway of fleet.gateways)
      assert.equal(await servedVersion(await ask(gateway, tenant.apiKey)), first, 'positive control: each process serves, and now caches, the first version');
    const { versionId: second } = await savePromptDraft(tenant.id, { configId, body: 'Second instructions.', ...params }, actor);
    await activatePromptVersion(tenant.id, { configId, versionId: second }, actor);
    const activatedAt = Date.now();
    const took = await waitForEveryProcess(async (response) => (await servedVersion(response)) === second, activatedAt);
    t.diagnostic(`slowest process: ${took} ms`);
    assert.ok(took < NOTICE_BOUND_MS, `served everywhere after ${took} ms`);
  });
});
