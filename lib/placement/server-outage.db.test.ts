import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { stopChangeNotices } from '@/lib/db/change-notices';
import { createPlatformAdmin } from '@/lib/control/control-test-fixtures';
import { findDatabaseServers } from '@/lib/control/database-servers/find-database-servers';
import { setNamespaceShard } from '@/lib/control/database-servers/set-namespace-shard';
import { createGatewayTenant, startGatewayHarness, type GatewayHarness } from '@/lib/enforcement/testing/gateway-harness';
import { closeTenantSqlPools } from '@/lib/tenancy/with-tenant-sql';
import { getPlacement } from './get-placement';
import { migrateLayer } from './migrate-layer';
import { checkDatabaseServers } from './servers/check-database-servers';
import { usePlacementTestServices } from './testing/use-placement-test-services';
import { useSecondServer } from './testing/use-second-server';

interface Answer {
  status: number;
  message: string | null;
}

async function ask(baseURL: string, apiKey: string): Promise<Answer> {
  const response = await fetch(`${baseURL}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'sim-small', messages: [{ role: 'user', content: 'What is the harbour logistics refund window?' }] }),
  });
  const body = (await response.json()) as { error?: { message?: string } };
  return { status: response.status, message: body.error?.message ?? null };
}

// Four tenants served by the real gateway (real HTTP, the full enforcement pipeline): one in the
// shared tables, one dedicated on the control plane's server, one dedicated on a second server, one in
// the second server's namespace shard. The second server is stopped: only the tenants placed there may fail, plainly, and the servers page's
// data must name it as affected; the others keep being answered. When the server is back, so is it.
describe('a database server that is down affects only the tenants placed on it', () => {
  usePlacementTestServices();
  const second = useSecondServer('server-outage');
  let harness: GatewayHarness;
  let shared: Awaited<ReturnType<typeof createGatewayTenant>>;
  let dedicatedHere: Awaited<ReturnType<typeof createGatewayTenant>>;
  let dedicatedThere: Awaited<ReturnType<typeof createGatewayTenant>>;
  let shardThere: Awaited<ReturnType<typeof createGatewayTenant>>;

  before(async () => {
    harness = await startGatewayHarness();
    const limits = { requestsPerMinute: 100_000, burst: 10_000 };
    shared = await createGatewayTenant('outage-shared', limits);
    dedicatedHere = await createGatewayTenant('outage-here', limits);
    dedicatedThere = await createGatewayTenant('outage-there', limits);
    shardThere = await createGatewayTenant('outage-shard', limits);
    const admin = await createPlatformAdmin('outage-shard-admin');
    await setNamespaceShard(admin, { serverId: second.serverId, isHosting: true }, { actor: { type: 'user', id: admin.userId }, requestId: 'outage-shard' });
    for (const layer of ['prompt', 'retrieval'] as const) {
      await migrateLayer(dedicatedHere.id, layer, 'dedicated', { drainMs: 0 });
      await migrateLayer(dedicatedThere.id, layer, 'dedicated', { serverId: second.serverId, drainMs: 0 });
      await migrateLayer(shardThere.id, layer, 'namespace', { serverId: second.serverId, drainMs: 0 });
    }
    assert.equal((await getPlacement(dedicatedThere.id, 'prompt')).serverId, second.serverId);
    assert.deepEqual(
      [(await getPlacement(shardThere.id, 'retrieval')).tier, (await getPlacement(shardThere.id, 'retrieval')).serverId],
      ['namespace', second.serverId],
    );
  });
  after(async () => {
    await harness?.close();
    await closeTenantSqlPools();
    await stopChangeNotices();
  });

  test('server 2 down: its dedicated and shard tenants are refused with a plain 503, the others are answered; the servers page names them; back up, they are answered again', async () => {
    // Positive control: with both servers up, every tenant is answered (so a refusal below is the outage's).
    for (const tenant of [shared, dedicatedHere, dedicatedThere, shardThere])
      assert.deepEqual(await ask(harness.baseURL, tenant.apiKey), { status: 200, message: null });

    // The worker's look as the server's owner, which the servers page shows as connection use.
    await checkDatabaseServers();
    const checked = (await findDatabaseServers(await createPlatformAdmin('outage-check'))).servers.find((server) => server.id === second.serverId)!;
    assert.equal(checked.lastCheck?.isReachable, true);
    assert.ok((checked.lastCheck?.connectionsInUse ?? 0) >= 2, 'the pools of the tenant placed there hold sessions on it');
    assert.equal(checked.lastCheck?.maxConnections, 300);

    await second.server.stop();
    await checkDatabaseServers({ timeoutMs: 1_000 });
    for (let round = 0; round < 3; round++) {
      assert.deepEqual(await ask(harness.baseURL, shared.apiKey), { status: 200, message: null }, 'the shared-tier tenant is served');
      assert.deepEqual(await ask(harness.baseURL, dedicatedHere.apiKey), { status: 200, message: null }, 'the tenant on server 1 is served');
      for (const [tenant, label] of [
        [dedicatedThere, 'the dedicated tenant on server 2'],
        [shardThere, "the tenant in server 2's namespace shard"],
      ] as const) {
        const refused = await ask(harness.baseURL, tenant.apiKey);
        assert.equal(refused.status, 503, `${label} is refused as unavailable`);
        assert.match(refused.message ?? '', /^The gateway could not complete this request\. Reference: /);
        assert.doesNotMatch(refused.message ?? '', /ECONNREFUSED|127\.0\.0\.1|SELECT|at .*\.ts/, 'no address, SQL or stack reaches the client');
      }
    }

    const admin = await createPlatformAdmin('outage-viewer');
    const overview = await findDatabaseServers(admin);
    const down = overview.servers.find((server) => server.id === second.serverId)!;
    const controlPlane = overview.servers.find((server) => server.id === null)!;
    assert.equal(down.isAnswering, false, 'server 2 shows as down');
    assert.equal(down.lastCheck?.isReachable, false, "and so does the worker's last check");
    assert.equal(controlPlane.isAnswering, true, 'the control plane server shows as answering');
    assert.deepEqual(
      down.placements.map((placement) => `${placement.tenantName}/${placement.layer}`).sort(),
      [`${dedicatedThere.name}/prompt`, `${dedicatedThere.name}/retrieval`, `${shardThere.name}/prompt`, `${shardThere.name}/retrieval`].sort(),
      'exactly the tenants placed there are listed under it',
    );
    assert.deepEqual(
      down.namespaceShard?.tenants.map((tenant) => tenant.name),
      [shardThere.name],
      'the shard lists its tenant',
    );

    await second.server.start();
    let answer: Answer = { status: 0, message: null };
    // Pools drop connections the restart broke; the first requests may still meet one.
    for (let attempt = 0; attempt < 20 && answer.status !== 200; attempt++) {
      answer = await ask(harness.baseURL, dedicatedThere.apiKey);
      if (answer.status !== 200) await sleep(250);
    }
    assert.deepEqual(answer, { status: 200, message: null }, 'served again once its server is back, nothing restarted by hand');
    answer = { status: 0, message: null };
    for (let attempt = 0; attempt < 20 && answer.status !== 200; attempt++) {
      answer = await ask(harness.baseURL, shardThere.apiKey);
      if (answer.status !== 200) await sleep(250);
    }
    assert.deepEqual(answer, { status: 200, message: null }, 'the shard tenant too');
    assert.equal((await findDatabaseServers(admin)).servers.find((server) => server.id === second.serverId)!.isAnswering, true);
  });
});
