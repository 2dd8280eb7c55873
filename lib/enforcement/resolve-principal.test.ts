import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GatewayError } from './gateway-error';
import { resolveApiKeyPrincipal, resolveSessionPrincipal } from './resolve-principal';

describe('resolve principal', () => {
  test('missing and malformed keys are 401 before any database lookup', async () => {
    for (const header of [null, '', 'Basic x', 'Bearer sk-something']) {
      await assert.rejects(resolveApiKeyPrincipal(header), (error: unknown) => error instanceof GatewayError && error.status === 401);
    }
  });

  test('a session principal acts for the tenant its access was checked for, never another', () => {
    const principal = resolveSessionPrincipal({
      principal: { userId: 'u1', email: 'a@b', name: 'A', platformRole: null, grants: [], sessionTokenHash: 'h' },
      tenant: { id: 't1', slug: 's', name: 'S' },
      grant: null,
    });
    assert.deepEqual(principal, { tenantId: 't1', kind: 'user', actor: { type: 'user', id: 'u1', label: 'a@b' } });
  });
});
