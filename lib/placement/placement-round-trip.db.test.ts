import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { verifyTenantChain } from '@/lib/audit/store/verify-tenant-chain';
import { setProcessName } from '@/lib/db/process-identity';
import { stopChangeNotices } from '@/lib/db/change-notices';
import { createGatewayTenant, startGatewayHarness, type GatewayHarness } from '@/lib/enforcement/testing/gateway-harness';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { closeTenantSqlPools } from '@/lib/tenancy/with-tenant-sql';
import { getPlacement } from './get-placement';
import { LAYERS, type Tier } from './layers';
import { migrateLayer } from './migrate-layer';
import { provisionPlacement } from './provision-placement';
import { seedPromptLayer, seedRetrievalLayer } from './test-helpers';
import { runMigrationInWorker, startServingChild, type ServingChild } from './testing/child-processes';
import { findTenantLocations, getExpectedLocations } from './testing/placement-state';
import { usePlacementTestServices } from './testing/use-placement-test-services';

/** Statuses a client may get while a layer switches: a refusal it can retry, never a failure. */
const RETRYABLE = new Set([409, 429, 503]);
const WALK: Tier[] = ['dedicated', 'namespace', 'schema_kms'];

interface Answer {
  status: number;
  code: string | null;
}

async function ask(baseURL: string, apiKey: string): Promise<Answer> {
  const response = await fetch(`${baseURL}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'sim-small', messages: [{ role: 'user', content: 'What is the harbour logistics refund window?' }] }),
  });
  const body = (await response.json()) as { error?: { code?: string; message?: string } };
  if (response.status !== 200) assert.ok(body.error?.message, `a refusal (${response.status}) says why`);
  return { status: response.status, code: body.error?.code ?? null };
}

/** Requests to every process, one after another per process, until stopped. */
function startTraffic(baseURLs: string[], apiKey: string) {
  let isRunning = true;
  const answers: Answer[] = [];
  const loops = baseURLs.map(async (baseURL) => {
    while (isRunning) {
      answers.push(await ask(baseURL, apiKey));
      await sleep(20);
    }
  });
  return {
    async stop() {
      isRunning = false;
      await Promise.all(loops);
      return answers;
    },
  };
}

// The console server and a gateway process serve one tenant while a worker process walks each of its
// layers away from schema_kms and back. Coming back re-creates the same schema and role names with
// a new password: a process that kept its pool for those names would fail to authenticate from then
// on, until restarted. Nothing is restarted here.
describe('a layer that moves away and comes back, with two serving processes and a worker', () => {
  usePlacementTestServices();
  let harness: GatewayHarness;
  let servingChild: ServingChild;
  let tenant: Awaited<ReturnType<typeof createGatewayTenant>>;

  before(async () => {
    setProcessName('round-trip-test');
    // Three processes share a 2-core machine with the KMS stand-in running in this one: a KMS call
    // slowed by that load must not pass for a fault (every process inherits this).
    process.env.BULKHEAD_KMS_REQUEST_TIMEOUT_MS ??= '10000';
    harness = await startGatewayHarness();
    tenant = await createGatewayTenant('round-trip', { requestsPerMinute: 100_000, burst: 10_000 });
    for (const layer of ['prompt', 'retrieval'] as const) await provisionPlacement(tenant.id, layer, 'schema_kms');
    await migrateLayer(tenant.id, 'logs', 'schema_kms', { drainMs: 0 });
    await seedPromptLayer(await getPlacement(tenant.id, 'prompt'), 3, 'round-trip');
    await seedRetrievalLayer(await getPlacement(tenant.id, 'retrieval'), 3, 'round-trip');
    servingChild = await startServingChild();
  });
  after(async () => {
    await servingChild?.stop();
    await harness?.close();
    await closeTenantSqlPools();
    await stopChangeNotices();
  });

  test('schema_kms → dedicated → namespace → schema_kms for every layer: served throughout, answered after each move, old copies gone at once', async (t) => {
    const processes = [harness.baseURL, servingChild.baseURL];
    // Positive control: both processes answer before anything moves.
    for (const baseURL of processes) assert.equal((await ask(baseURL, tenant.apiKey)).status, 200);

    for (const layer of LAYERS) {
      for (const tier of WALK) {
        const traffic = startTraffic(processes, tenant.apiKey);
        await sleep(100);
        // Its own drains and waits, as in production; destroy_old must not need a retry.
        await runMigrationInWorker({ tenantId: tenant.id, layer, toTier: tier }, { BULKHEAD_PLACEMENT_DRAIN_MS: '300' });
        const during = await traffic.stop();
        const broken = during.filter((answer) => answer.status !== 200 && !RETRYABLE.has(answer.status));
        assert.deepEqual(broken, [], `${layer} → ${tier}: every request answered or refused with a retryable status`);
        assert.ok(
          during.some((answer) => answer.status === 200),
          `${layer} → ${tier}: requests were answered while it moved`,
        );
        const refused = new Map<string, number>();
        for (const { status, code } of during) if (status !== 200) refused.set(`${status} ${code}`, (refused.get(`${status} ${code}`) ?? 0) + 1);
        const answered = during.filter((answer) => answer.status === 200).length;
        t.diagnostic(
          `${layer} → ${tier}: ${answered} of ${during.length} answered; refused: ${[...refused].map(([kind, n]) => `${kind} ×${n}`).join(', ') || 'none'}`,
        );

        for (const baseURL of processes) {
          for (let attempt = 0; attempt < 3; attempt++) {
            assert.deepEqual(await ask(baseURL, tenant.apiKey), { status: 200, code: null }, `${layer} at ${tier}: ${baseURL} answers after the move`);
          }
        }
        const placement = await getPlacement(tenant.id, layer);
        assert.equal(placement.tier, tier);
        assert.deepEqual(await findTenantLocations(tenant.id, layer), getExpectedLocations(placement), `${layer} at ${tier}: the old copy is gone`);
      }
    }

    const operations = await withPlatformSystemAccess('test: read operations', (tx) =>
      tx.placementOperation.findMany({ where: { tenantId: tenant.id, kind: 'migrate' }, orderBy: { startedAt: 'asc' } }),
    );
    const walked = operations.slice(-LAYERS.length * WALK.length);
    assert.equal(walked.length, LAYERS.length * WALK.length);
    for (const operation of walked) {
      assert.equal(operation.status, 'succeeded');
      assert.equal(operation.error, null, 'no step failed, so none was retried');
    }
    const chain = await verifyTenantChain(tenant.id, { checkedBy: 'round-trip test' });
    assert.equal(chain.ok, true, JSON.stringify(chain.problem));
    assert.ok(chain.eventCount > 0);
  });
});
