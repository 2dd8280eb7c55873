import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getKmsCallCounts, resetKmsCallCounts } from './call-counts';
import { decryptForTenant, encryptForTenant, type EnvelopeScope } from './envelope';
import { KmsKeyDisabledError, KmsKeyPendingDeletionError, KmsThrottledError, KmsUnavailableError } from './errors';
import { onKeyEvent, type KeyEvent } from './key-events';
import { disableTenantKey, scheduleTenantKeyDeletion } from './key-lifecycle';
import { purgeTenant } from './data-keys';
import { startTestKms, type TestKms } from './test-kms';

const tenantA = 'a0000000-0000-4000-8000-00000000000a';
const tenantB = 'b0000000-0000-4000-8000-00000000000b';
const marker = 'PLAINTEXT-MARKER-7f3a';
const scope = (tenantId: string, recordId = 'r1'): EnvelopeScope => ({ tenantId, purpose: 'document', recordId });

let kms: TestKms;
let events: KeyEvent[] = [];
let stopListening: () => void;

/** Encryption must throw `errorClass` and return nothing; the marker must reach no file of the KMS. */
async function assertFailsClosed(tenantId: string, errorClass: new (...args: never[]) => Error) {
  let result: string | undefined;
  await assert.rejects(async () => void (result = await encryptForTenant(scope(tenantId, 'fail'), marker)), errorClass);
  assert.equal(result, undefined);
  const files = kms.readAllFiles();
  assert.ok(!files.includes(marker) && !files.includes(Buffer.from(marker).toString('base64')), 'plaintext reached disk');
}

describe('lib/kms fails closed', () => {
  before(async () => {
    kms = await startTestKms({ BULKHEAD_KMS_REQUEST_TIMEOUT_MS: '200', BULKHEAD_KMS_MAX_ATTEMPTS: '3' });
    stopListening = onKeyEvent((event) => events.push(event));
  });
  after(async () => {
    stopListening();
    await kms.stop();
  });
  beforeEach(() => {
    resetKmsCallCounts();
    events = [];
  });
  afterEach(() => kms.server.clearFault());

  test('throttling: retried with a bound, then KmsThrottledError (retryable) and a kms_failure event', async () => {
    kms.server.setFault('throttle');
    await assertFailsClosed(tenantA, KmsThrottledError);
    assert.equal(getKmsCallCounts().byTenant[tenantA].GenerateDataKey, 3);
    const failure = events.find((event) => event.type === 'kms_failure');
    assert.deepEqual([failure?.errorCode, failure?.retryable, failure?.attempts, failure?.tenantId], ['kms_throttled', true, 3, tenantA]);
  });

  test('throttling that clears within the retry budget succeeds (positive control for the harness)', async () => {
    kms.server.setFault('throttle', { times: 2, operations: ['GenerateDataKey'] });
    const ciphertext = await encryptForTenant(scope(tenantB), 'recovered');
    assert.equal((await decryptForTenant(scope(tenantB), ciphertext)).toString(), 'recovered');
    assert.ok(getKmsCallCounts().byTenant[tenantB].GenerateDataKey >= 3);
  });

  test('a slow KMS times out: KmsUnavailableError(timeout) well before the server would answer', async () => {
    purgeTenant(tenantB);
    kms.server.setFault('delay', { ms: 5000 });
    const started = performance.now();
    await assert.rejects(
      encryptForTenant(scope(tenantB, 'slow'), marker),
      (error: unknown) => error instanceof KmsUnavailableError && error.reason === 'timeout',
    );
    assert.ok(performance.now() - started < 2000, 'three 200 ms attempts plus backoff');
    assert.equal(getKmsCallCounts().byTenant[tenantB].GenerateDataKey, 3);
  });

  test('KMS answering 503 or dropping connections: KmsUnavailableError (retryable)', async () => {
    purgeTenant(tenantB);
    kms.server.setFault('unavailable');
    await assert.rejects(
      encryptForTenant(scope(tenantB), marker),
      (error: unknown) => error instanceof KmsUnavailableError && error.reason === 'server_error' && error.retryable,
    );
    kms.server.setFault('reset');
    await assert.rejects(encryptForTenant(scope(tenantB), marker), (error: unknown) => error instanceof KmsUnavailableError && error.reason === 'unreachable');
  });

  test('a disabled key fails closed for encryption and decryption, even with a warm cache; other tenants unaffected', async () => {
    const tenantC = 'c0000000-0000-4000-8000-00000000000c';
    const stored = await encryptForTenant(scope(tenantC), 'C data');
    const ofA = await encryptForTenant(scope(tenantA), 'A data');
    await disableTenantKey(tenantC);
    await assertFailsClosed(tenantC, KmsKeyDisabledError);
    await assert.rejects(decryptForTenant(scope(tenantC), stored), KmsKeyDisabledError);
    assert.equal((await decryptForTenant(scope(tenantA), ofA)).toString(), 'A data');
    // No fallback: nothing for C was sent to the platform key.
    assert.ok(!kms.readAccessLog().some((entry) => entry.requestedKeyId === 'alias/bulkhead/platform'));
  });

  test('a key pending deletion fails closed with KmsKeyPendingDeletionError', async () => {
    const tenantD = 'd0000000-0000-4000-8000-00000000000d';
    const stored = await encryptForTenant(scope(tenantD), 'D data');
    await scheduleTenantKeyDeletion(tenantD, 7);
    await assertFailsClosed(tenantD, KmsKeyPendingDeletionError);
    await assert.rejects(decryptForTenant(scope(tenantD), stored), KmsKeyPendingDeletionError);
    const failure = events.find((event) => event.type === 'kms_failure' && event.errorCode === 'kms_key_pending_deletion');
    assert.equal(failure?.retryable, false);
  });

  test('KMS down: KmsUnavailableError(unreachable) and no plaintext anywhere', async () => {
    const tenantE = 'e0000000-0000-4000-8000-00000000000e';
    await encryptForTenant(scope(tenantE), 'warm up the key');
    purgeTenant(tenantE);
    resetKmsCallCounts();
    await kms.stopServer();
    try {
      await assert.rejects(
        encryptForTenant(scope(tenantE), marker),
        (error: unknown) => error instanceof KmsUnavailableError && error.reason === 'unreachable',
      );
      assert.equal(getKmsCallCounts().byTenant[tenantE].GenerateDataKey, 3);
    } finally {
      await kms.restartServer();
    }
    // Positive control: once KMS is back the same call works.
    assert.equal((await decryptForTenant(scope(tenantE), await encryptForTenant(scope(tenantE), 'back'))).toString(), 'back');
  });

  test('a listener that throws does not break key operations', async () => {
    const stop = onKeyEvent(() => {
      throw new Error('audit sink down');
    });
    try {
      purgeTenant(tenantA);
      const ciphertext = await encryptForTenant(scope(tenantA, 'listener'), 'still works');
      assert.equal((await decryptForTenant(scope(tenantA, 'listener'), ciphertext)).toString(), 'still works');
    } finally {
      stop();
    }
  });
});
