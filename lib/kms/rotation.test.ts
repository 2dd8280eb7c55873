import fs from 'node:fs';
import path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getKmsCallCounts, resetKmsCallCounts } from './call-counts';
import { decryptForTenant, encryptForTenant, type EnvelopeScope } from './envelope';
import { parseEnvelope } from './envelope-format';
import { KmsDecryptError, KmsKeyNotFoundError, KmsKeyPendingDeletionError } from './errors';
import { enableTenantKeyRotation, rotateTenantKey, shredTenantKey } from './key-lifecycle';
import { ensurePlatformKey, ensureTenantKey, getTenantKey } from './key-provider';
import { rewrapCiphertext, type RewrapMemo } from './rewrap';
import { startTestKms, type TestKms } from './test-kms';

const dayMs = 24 * 60 * 60 * 1000;
const tenantA = 'aaaa0000-0000-4000-8000-0000000000aa';
const tenantB = 'bbbb0000-0000-4000-8000-0000000000bb';
const scope = (tenantId: string, recordId: string): EnvelopeScope => ({ tenantId, purpose: 'prompt', recordId });

let kms: TestKms;

describe('rotation, re-wrap and crypto-shredding', () => {
  before(async () => {
    kms = await startTestKms();
  });
  after(() => kms.stop());
  beforeEach(() => resetKmsCallCounts());

  test('rotation: new encryptions use a new data key, old ciphertext still decrypts', async () => {
    const before = await encryptForTenant(scope(tenantA, 'old'), 'written before rotation');
    await rotateTenantKey(tenantA);
    resetKmsCallCounts();
    const afterRotation = await encryptForTenant(scope(tenantA, 'new'), 'written after rotation');
    assert.equal(getKmsCallCounts().byTenant[tenantA].GenerateDataKey, 1, 'the cached encryption key was dropped');
    assert.notDeepEqual(parseEnvelope(afterRotation).wrappedKey, parseEnvelope(before).wrappedKey);
    assert.equal(parseEnvelope(afterRotation).keyId, parseEnvelope(before).keyId, 'same KMS key, new material');
    assert.equal((await decryptForTenant(scope(tenantA, 'old'), before)).toString(), 'written before rotation');
    assert.equal((await decryptForTenant(scope(tenantA, 'new'), afterRotation)).toString(), 'written after rotation');
  });

  test('re-wrap moves the data key onto current material without touching the data; rows sharing a key cost one call', async () => {
    const tenantC = 'cccc0000-0000-4000-8000-0000000000cc';
    const rows = await Promise.all(['r1', 'r2', 'r3'].map(async (id) => ({ id, ciphertext: await encryptForTenant(scope(tenantC, id), `row ${id}`) })));
    await rotateTenantKey(tenantC);
    resetKmsCallCounts();
    const memo: RewrapMemo = new Map();
    for (const row of rows) {
      const moved = await rewrapCiphertext({ tenantId: tenantC, purpose: 'prompt' }, row.ciphertext, memo);
      const [oldEnvelope, newEnvelope] = [parseEnvelope(row.ciphertext), parseEnvelope(moved)];
      assert.notDeepEqual(newEnvelope.wrappedKey, oldEnvelope.wrappedKey);
      assert.deepEqual([newEnvelope.nonce, newEnvelope.sealed], [oldEnvelope.nonce, oldEnvelope.sealed]);
      assert.equal((await decryptForTenant(scope(tenantC, row.id), moved)).toString(), `row ${row.id}`);
    }
    assert.equal(getKmsCallCounts().byTenant[tenantC].ReEncrypt, 1);
  });

  test("re-wrap is pinned like decryption: B's ciphertext cannot be re-wrapped as A", async () => {
    const ofB = await encryptForTenant(scope(tenantB, 'x'), 'B only');
    await assert.rejects(rewrapCiphertext({ tenantId: tenantA, purpose: 'prompt' }, ofB), KmsDecryptError);
    await assert.rejects(rewrapCiphertext({ tenantId: tenantB, purpose: 'document' }, ofB), KmsDecryptError);
    assert.equal((await decryptForTenant(scope(tenantB, 'x'), await rewrapCiphertext({ tenantId: tenantB, purpose: 'prompt' }, ofB))).toString(), 'B only');
  });

  test('a tier upgrade moves data from the platform key to the tenant key', async () => {
    const tenantD = 'dddd0000-0000-4000-8000-0000000000dd';
    const onPlatform = await encryptForTenant({ ...scope(tenantD, 'p'), keyOwner: 'platform' }, 'was namespace tier');
    assert.equal(parseEnvelope(onPlatform).keyId, (await ensurePlatformKey()).keyId);
    const moved = await rewrapCiphertext({ tenantId: tenantD, purpose: 'prompt', from: 'platform', to: 'tenant' }, onPlatform);
    assert.equal(parseEnvelope(moved).keyId, (await ensureTenantKey(tenantD)).keyId);
    assert.equal((await decryptForTenant(scope(tenantD, 'p'), moved)).toString(), 'was namespace tier');
    await assert.rejects(decryptForTenant({ ...scope(tenantD, 'p'), keyOwner: 'platform' }, moved), KmsDecryptError);
  });

  test('automatic rotation gives the key new material once the period has passed', async () => {
    const tenantE = 'eeee0000-0000-4000-8000-0000000000ee';
    const before = await encryptForTenant(scope(tenantE, 'e'), 'before');
    await enableTenantKeyRotation(tenantE, 90);
    kms.advanceClock(91 * dayMs);
    const moved = await rewrapCiphertext({ tenantId: tenantE, purpose: 'prompt' }, before);
    const keyFile = JSON.parse(fs.readFileSync(path.join(kms.dataDir, 'keys', `${parseEnvelope(before).keyId}.json`), 'utf8'));
    assert.equal(keyFile.materials.length, 2);
    assert.equal((await decryptForTenant(scope(tenantE, 'e'), moved)).toString(), 'before');
  });

  test('crypto-shredding makes B unreadable at once (warm cache included) and leaves A intact', async () => {
    const tenantF = 'ffff0000-0000-4000-8000-0000000000ff';
    const tenantG = '99990000-0000-4000-8000-000000000099';
    const ofF = await encryptForTenant(scope(tenantF, 'f'), 'F data');
    const ofG = await encryptForTenant(scope(tenantG, 'g'), 'G data');
    // Positive control: both readable, from the warm cache, before the shred.
    assert.equal((await decryptForTenant(scope(tenantF, 'f'), ofF)).toString(), 'F data');
    assert.equal((await decryptForTenant(scope(tenantG, 'g'), ofG)).toString(), 'G data');

    const shredded = await shredTenantKey(tenantF);
    assert.equal(shredded.state, 'PendingDeletion');
    await assert.rejects(decryptForTenant(scope(tenantF, 'f'), ofF), KmsKeyPendingDeletionError);
    await assert.rejects(encryptForTenant(scope(tenantF, 'f2'), 'more F'), KmsKeyPendingDeletionError);
    assert.equal((await decryptForTenant(scope(tenantG, 'g'), ofG)).toString(), 'G data');

    // After the waiting period the key and its material are gone for good.
    kms.advanceClock(8 * dayMs);
    await assert.rejects(decryptForTenant(scope(tenantF, 'f'), ofF), KmsKeyNotFoundError);
    assert.equal(await getTenantKey(tenantF), null);
    assert.ok(!fs.existsSync(path.join(kms.dataDir, 'keys', `${shredded.keyId}.json`)));
    assert.equal((await decryptForTenant(scope(tenantG, 'g'), ofG)).toString(), 'G data');
  });
});
