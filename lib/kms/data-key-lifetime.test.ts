import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getKmsCallCounts, resetKmsCallCounts } from './call-counts';
import { decryptForTenant, encryptForTenant } from './envelope';
import { ensureTenantKey } from './key-provider';
import { startTestKms, type TestKms } from './test-kms';

const tenantId = '7e570000-0000-4000-8000-000000000001';
let kms: TestKms;

describe('data-key lifetime bounds KMS calls', () => {
  before(async () => {
    kms = await startTestKms({ BULKHEAD_KMS_DATA_KEY_MAX_USES: '5', BULKHEAD_KMS_DATA_KEY_MAX_AGE_MS: '300' });
    await ensureTenantKey(tenantId);
  });
  after(() => kms.stop());

  test('one GenerateDataKey per max uses, and another once the key is too old', async () => {
    resetKmsCallCounts();
    const written = [];
    for (let index = 0; index < 12; index += 1) {
      written.push(await encryptForTenant({ tenantId, purpose: 'audit_payload', recordId: `e${index}` }, `event ${index}`));
    }
    assert.equal(getKmsCallCounts().byTenant[tenantId].GenerateDataKey, 3);
    await sleep(350);
    await encryptForTenant({ tenantId, purpose: 'audit_payload', recordId: 'late' }, 'late event');
    assert.equal(getKmsCallCounts().byTenant[tenantId].GenerateDataKey, 4);
    // Aged-out decryption entries are fetched again from KMS, once per data key, and still decrypt.
    for (const [index, ciphertext] of written.entries()) {
      assert.equal((await decryptForTenant({ tenantId, purpose: 'audit_payload', recordId: `e${index}` }, ciphertext)).toString(), `event ${index}`);
    }
    assert.equal(getKmsCallCounts().byTenant[tenantId].Decrypt, 3);
  });
});
