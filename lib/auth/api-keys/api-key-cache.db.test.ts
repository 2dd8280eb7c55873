import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { createTestTenant } from '@/lib/testing/fixtures';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { forgetAllApiKeys, invalidateApiKey, resolveApiKey } from './api-key-cache';
import { createApiKey } from './manage-api-keys';

const actor = { type: 'system' as const, id: 'api-key-cache-test' };

// Revokes in the database only, as another process does (its notice is what reaches this one).
async function revokeElsewhere(tenantId: string, keyId: string) {
  await withTenant(tenantId, (tx) => tx.apiKey.update({ where: { id: keyId }, data: { revokedAt: new Date() } }));
}

describe('API key cache', () => {
  after(disconnectAllPrismaClients);

  test('a lookup in flight when a change notice arrives does not keep what it read', async () => {
    const tenant = await createTestTenant('key-cache-race');
    const key = await createApiKey(tenant.id, { name: 'racing', scope: 'inference', actor, createdBy: null, requestId: 'key-cache-race' });
    // The lookup starts, then the invalidation lands before its answer does.
    const inFlight = resolveApiKey(key.secret);
    invalidateApiKey(key.id);
    assert.equal((await inFlight)?.keyId, key.id, 'the request that asked still gets the answer it read');
    await revokeElsewhere(tenant.id, key.id);
    assert.equal(await resolveApiKey(key.secret), null, 'the next request reads the revocation, not a kept answer');
  });

  test('positive control: without an invalidation the answer is kept for the cache period', async () => {
    const tenant = await createTestTenant('key-cache-kept');
    const key = await createApiKey(tenant.id, { name: 'kept', scope: 'inference', actor, createdBy: null, requestId: 'key-cache-kept' });
    assert.equal((await resolveApiKey(key.secret))?.keyId, key.id);
    await revokeElsewhere(tenant.id, key.id);
    assert.equal((await resolveApiKey(key.secret))?.keyId, key.id, 'served from the cache: this is what the notice exists to end');
    forgetAllApiKeys();
    assert.equal(await resolveApiKey(key.secret), null);
  });
});
