import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PLATFORM_CHAIN_ID } from '@/lib/audit/store/audit-transaction';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { createTestTenant } from '@/lib/testing/fixtures';
import { registerKeyEventAuditing, runWithKeyAuditContext, waitForKeyEventAudit } from './audit-key-events';
import { ensureKeysForTiers } from '../kms/ensure-keys-for-tiers';
import { encryptForTenant } from '../kms/envelope';
import { KmsUnavailableError } from '../kms/errors';
import { enableTenantKeyRotation, rotatePlatformKey, rotateTenantKey } from '../kms/key-lifecycle';
import { findKmsAuditEvents } from '../kms/lifecycle-test-helpers';
import { startTestKms, type TestKms } from '../kms/test-kms';

const ownKeyTiers = { prompt: 'namespace', retrieval: 'schema_kms', logs: 'namespace' } as const;

describe('key events in the audit chains (real Postgres, local KMS over HTTP)', () => {
  let kms: TestKms;

  before(async () => {
    kms = await startTestKms({ BULKHEAD_KMS_MAX_ATTEMPTS: '2' });
    registerKeyEventAuditing();
    registerKeyEventAuditing(); // once per process: a second call must not double every event
  });
  after(async () => {
    await kms.stop();
    await disconnectAllPrismaClients();
  });

  test("creation, rotation and enabling rotation land in the tenant's chain, attributed to the admin", async () => {
    const tenant = await createTestTenant('key-audit');
    const actor = { type: 'user' as const, id: 'admin-under-test', label: 'admin@test.example' };
    const { key } = await runWithKeyAuditContext({ actor, requestId: 'req-key-audit' }, async () => {
      const ensured = await ensureKeysForTiers(tenant.id, ownKeyTiers);
      await rotateTenantKey(tenant.id);
      await enableTenantKeyRotation(tenant.id, 180);
      return ensured;
    });
    await waitForKeyEventAudit();
    const events = await findKmsAuditEvents(tenant.id);
    assert.deepEqual(
      events.map((event) => event.action),
      ['kms.key_create', 'kms.key_rotate', 'kms.key_rotation_enable'],
    );
    assert.ok(events.every((event) => event.actorId === actor.id && event.target === key.keyId && event.outcome === 'success'));
  });

  test('KMS down: the operation fails closed and the failure is in the chain', async () => {
    const tenant = await createTestTenant('key-audit-down');
    await ensureKeysForTiers(tenant.id, ownKeyTiers);
    await kms.stopServer();
    try {
      await assert.rejects(encryptForTenant({ tenantId: tenant.id, purpose: 'document', recordId: 'doc-1' }, 'plaintext'), KmsUnavailableError);
    } finally {
      await kms.restartServer();
    }
    await waitForKeyEventAudit();
    const failure = (await findKmsAuditEvents(tenant.id)).find((event) => event.action === 'kms.failure');
    assert.ok(failure, 'kms.failure recorded');
    assert.equal(failure.outcome, 'failure');
    assert.deepEqual(
      { ...JSON.parse(failure.payloadJson), at: undefined },
      { at: undefined, purpose: 'document', operation: 'GenerateDataKey', errorCode: 'kms_unavailable', retryable: true, attempts: 2 },
    );
  });

  test('platform key events go to the platform chain, not to a tenant', async () => {
    const key = await rotatePlatformKey();
    await waitForKeyEventAudit();
    const events = await findKmsAuditEvents(PLATFORM_CHAIN_ID);
    assert.ok(events.some((event) => event.action === 'kms.key_rotate' && event.target === key.keyId));
  });
});
