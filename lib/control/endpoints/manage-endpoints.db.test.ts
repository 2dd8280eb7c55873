import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { UserFacingError } from '@/lib/errors';
import { createTestTenant } from '@/lib/testing/fixtures';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { changeEndpoint, createEndpoint, findEndpoints } from './manage-endpoints';

const context = () => ({ actor: { type: 'user' as const, id: randomUUID(), label: 'admin@test.example' }, requestId: randomUUID() });

async function createTenantWithEndpoints(label: string, promptTier: 'namespace' | 'dedicated', count: number) {
  const tenant = await createTestTenant(label);
  await withPlatformSystemAccess('test fixture', (tx) => tx.tenant.update({ where: { id: tenant.id }, data: { promptTier } }));
  const owner = { scope: 'dedicated' as const, tenantId: tenant.id };
  const endpoints = [];
  for (let index = 0; index < count; index++) {
    const input = { name: `own-${index}`, baseUrl: `http://127.0.0.1:9/v${index}`, kind: 'simulator' as const, models: [], apiKey: '', timeoutMs: 10_000 };
    endpoints.push(await createEndpoint(owner, input, context()));
  }
  return { tenant, owner, endpoints };
}

const isLastEndpointRefusal = (error: unknown) =>
  error instanceof UserFacingError && error.status === 409 && error.message.includes('last enabled dedicated endpoint');

const enabledIds = async (owner: { scope: 'dedicated'; tenantId: string }) =>
  (await findEndpoints(owner)).filter((endpoint) => endpoint.enabled).map((endpoint) => endpoint.id);

describe("a dedicated tenant's last enabled endpoint", () => {
  after(disconnectAllPrismaClients);

  test('disabling or deleting it is refused with 409; the others could go first', async () => {
    const { owner, endpoints } = await createTenantWithEndpoints('last-endpoint', 'dedicated', 2);
    const [first, second] = endpoints;
    await changeEndpoint(owner, { endpointId: first.id, change: 'disable' }, context());
    await assert.rejects(changeEndpoint(owner, { endpointId: second.id, change: 'disable' }, context()), isLastEndpointRefusal);
    await assert.rejects(changeEndpoint(owner, { endpointId: second.id, change: 'delete' }, context()), isLastEndpointRefusal);
    assert.deepEqual(await enabledIds(owner), [second.id], 'the refused change left the endpoint enabled and in place');

    // A disabled endpoint is not what the traffic relies on: deleting it is fine.
    await changeEndpoint(owner, { endpointId: first.id, change: 'delete' }, context());
    // With another enabled again, the former last one may go.
    const third = await createEndpoint(
      owner,
      { name: 'own-3', baseUrl: 'http://127.0.0.1:9/v3', kind: 'simulator', models: [], apiKey: '', timeoutMs: 10_000 },
      context(),
    );
    await changeEndpoint(owner, { endpointId: second.id, change: 'delete' }, context());
    assert.deepEqual(await enabledIds(owner), [third.id]);
  });

  test('two admins disabling the last two at once: one of them is refused', async () => {
    const { owner, endpoints } = await createTenantWithEndpoints('last-endpoint-race', 'dedicated', 2);
    const results = await Promise.allSettled(endpoints.map((endpoint) => changeEndpoint(owner, { endpointId: endpoint.id, change: 'disable' }, context())));
    assert.equal(results.filter((result) => result.status === 'fulfilled').length, 1);
    const refused = results.filter((result) => result.status === 'rejected');
    assert.equal(refused.length, 1);
    assert.ok(isLastEndpointRefusal(refused[0].reason), String(refused[0].reason));
    assert.equal((await enabledIds(owner)).length, 1);
  });

  test('positive control: a tenant whose prompt layer is not dedicated may disable and delete its only endpoint', async () => {
    const { owner, endpoints } = await createTenantWithEndpoints('last-endpoint-shared', 'namespace', 1);
    await changeEndpoint(owner, { endpointId: endpoints[0].id, change: 'disable' }, context());
    assert.deepEqual(await enabledIds(owner), []);
    await changeEndpoint(owner, { endpointId: endpoints[0].id, change: 'delete' }, context());
    assert.deepEqual(await findEndpoints(owner), []);
  });
});
