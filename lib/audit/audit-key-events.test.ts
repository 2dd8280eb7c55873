import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AuditEventFields } from '@/lib/audit/event';
import { PLATFORM_CHAIN_ID } from '@/lib/audit/store/audit-transaction';
import { createKeyEventAuditor, toKeyAuditEvent, waitForKeyEventAudit } from './audit-key-events';
import { encryptForTenant } from '../kms/envelope';
import { KmsUnavailableError } from '../kms/errors';
import { onKeyEvent } from '../kms/key-events';
import { startTestKms, type TestKms } from '../kms/test-kms';

describe('key-event auditing', () => {
  test('maps lifecycle and failure events; leaves per-message data-key events out', () => {
    const at = new Date('2026-11-27T10:00:00.000Z');
    const tenantId = '7c1f9c4e-2b8a-4d55-9d43-1a2b3c4d5e6f';
    const failure = toKeyAuditEvent({ type: 'kms_failure', at, tenantId, operation: 'Decrypt', errorCode: 'kms_throttled', retryable: true, attempts: 3 });
    assert.equal(failure?.tenantId, tenantId);
    assert.equal(failure?.action, 'kms.failure');
    assert.equal(failure?.outcome, 'failure');
    assert.deepEqual(failure?.payload, { at: at.toISOString(), operation: 'Decrypt', errorCode: 'kms_throttled', retryable: true, attempts: 3 });
    assert.equal(toKeyAuditEvent({ type: 'key_rotated', at, keyId: 'k' })?.tenantId, PLATFORM_CHAIN_ID);
    assert.equal(toKeyAuditEvent({ type: 'decrypt_refused', at, tenantId })?.outcome, 'denied');
    assert.equal(toKeyAuditEvent({ type: 'data_key_generated', at, tenantId }), null);
  });

  describe('when the audit store itself fails', () => {
    let kms: TestKms;
    const appended: AuditEventFields[] = [];
    let unsubscribe: () => void;
    before(async () => {
      kms = await startTestKms({ BULKHEAD_KMS_MAX_ATTEMPTS: '1' });
      unsubscribe = onKeyEvent(
        createKeyEventAuditor(async (fields) => {
          appended.push(fields);
          throw new Error('audit store down');
        }),
      );
    });
    after(async () => {
      unsubscribe();
      await kms.stop();
    });

    test('the caller still gets the original KMS error, and the audit append was attempted', async () => {
      await kms.stopServer();
      await assert.rejects(encryptForTenant({ tenantId: '7c1f9c4e-2b8a-4d55-9d43-1a2b3c4d5e6f', purpose: 'prompt', recordId: 'r' }, 'x'), KmsUnavailableError);
      await waitForKeyEventAudit();
      assert.equal(appended.at(-1)?.action, 'kms.failure');
    });
  });
});
