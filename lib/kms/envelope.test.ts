import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getKmsCallCounts, resetKmsCallCounts } from './call-counts';
import { decryptForTenant, encryptForTenant, type EnvelopeScope } from './envelope';
import { parseEnvelope } from './envelope-format';
import { KmsDecryptError } from './errors';
import { onKeyEvent, type KeyEvent } from './key-events';
import { ensureTenantKey } from './key-provider';
import { startTestKms, type TestKms } from './test-kms';

const tenantA = '11111111-1111-4111-8111-111111111111';
const tenantB = '22222222-2222-4222-8222-222222222222';
const scopeA: EnvelopeScope = { tenantId: tenantA, purpose: 'prompt', recordId: 'record-1' };
const scopeB: EnvelopeScope = { tenantId: tenantB, purpose: 'prompt', recordId: 'record-1' };

let kms: TestKms;

async function assertRefused(scope: EnvelopeScope, ciphertext: string, label: string) {
  await assert.rejects(decryptForTenant(scope, ciphertext), KmsDecryptError, label);
}

describe('envelope encryption through the local KMS', () => {
  before(async () => {
    kms = await startTestKms();
  });
  after(() => kms.stop());
  beforeEach(() => resetKmsCallCounts());

  test('round-trips strings and bytes; the ciphertext names the tenant key', async () => {
    const ciphertext = await encryptForTenant(scopeA, 'héllo, world');
    assert.equal((await decryptForTenant(scopeA, ciphertext)).toString('utf8'), 'héllo, world');
    const bytes = Buffer.from([0, 1, 2, 255]);
    assert.deepEqual(await decryptForTenant({ ...scopeA, purpose: 'document' }, await encryptForTenant({ ...scopeA, purpose: 'document' }, bytes)), bytes);
    assert.equal(parseEnvelope(ciphertext).keyId, (await ensureTenantKey(tenantA)).keyId);
  });

  test("tenant B's ciphertext fails in tenant A's scope; B reads it (positive control)", async () => {
    const ofB = await encryptForTenant(scopeB, 'B confidential');
    await assertRefused(scopeA, ofB, 'A reading B');
    assert.equal((await decryptForTenant(scopeB, ofB)).toString(), 'B confidential');
  });

  test("B's ciphertext relabelled with A's key id still fails for A", async () => {
    const ofB = parseEnvelope(await encryptForTenant(scopeB, 'B again'));
    const keyA = (await ensureTenantKey(tenantA)).keyId;
    const relabelled = ['bh1', keyA, ofB.wrappedKey, ofB.nonce, ofB.sealed]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
    await assertRefused(scopeA, relabelled, 'relabelled');
  });

  test('a ciphertext moved to another record or purpose (reuse) fails', async () => {
    const ciphertext = await encryptForTenant(scopeA, 'bound to record-1');
    await assertRefused({ ...scopeA, recordId: 'record-2' }, ciphertext, 'other record');
    await assertRefused({ ...scopeA, purpose: 'secret' }, ciphertext, 'other purpose');
    assert.equal((await decryptForTenant(scopeA, ciphertext)).toString(), 'bound to record-1');
  });

  test('changing any character of the ciphertext makes it fail', async () => {
    const ciphertext = await encryptForTenant(scopeA, 'do not touch');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let refused = 0;
    for (let index = 0; index < ciphertext.length; index += 1) {
      if (ciphertext[index] === '.') continue;
      const replacement = alphabet[(alphabet.indexOf(ciphertext[index]) + 1) % alphabet.length];
      await assertRefused(scopeA, ciphertext.slice(0, index) + replacement + ciphertext.slice(index + 1), `character ${index}`);
      refused += 1;
    }
    assert.ok(refused > 100);
    assert.equal((await decryptForTenant(scopeA, ciphertext)).toString(), 'do not touch');
  });

  test('nonces never repeat and equal plaintexts give different ciphertexts', async () => {
    const nonces = new Set<string>();
    const ciphertexts = new Set<string>();
    for (let index = 0; index < 2000; index += 1) {
      const ciphertext = await encryptForTenant(scopeA, 'same text');
      ciphertexts.add(ciphertext);
      nonces.add(parseEnvelope(ciphertext).nonce.toString('hex'));
    }
    assert.equal(nonces.size, 2000);
    assert.equal(ciphertexts.size, 2000);
  });

  test('the data-key cache never serves B to A: one GenerateDataKey per tenant, each under its own key', async () => {
    const before = kms.readAccessLog().length;
    const tenantC = '33333333-3333-4333-8333-333333333333';
    const tenantD = '44444444-4444-4444-8444-444444444444';
    await ensureTenantKey(tenantC);
    await ensureTenantKey(tenantD);
    const written: { scope: EnvelopeScope; ciphertext: string }[] = [];
    for (let index = 0; index < 50; index += 1) {
      for (const tenantId of [tenantC, tenantD]) {
        const scope: EnvelopeScope = { tenantId, purpose: 'prompt', recordId: `r${index}` };
        written.push({ scope, ciphertext: await encryptForTenant(scope, `${tenantId} #${index}`) });
      }
    }
    const counts = getKmsCallCounts();
    assert.equal(counts.byTenant[tenantC].GenerateDataKey, 1);
    assert.equal(counts.byTenant[tenantD].GenerateDataKey, 1);
    const keyC = (await ensureTenantKey(tenantC)).keyId;
    const keyD = (await ensureTenantKey(tenantD)).keyId;
    assert.notEqual(keyC, keyD);
    for (const { scope, ciphertext } of written) assert.equal(parseEnvelope(ciphertext).keyId, scope.tenantId === tenantC ? keyC : keyD);
    // The server saw the same thing: one GenerateDataKey per tenant context.
    const generated = kms
      .readAccessLog()
      .slice(before)
      .filter((entry) => entry.operation === 'GenerateDataKey' && entry.outcome === 'ok');
    assert.deepEqual(generated.map((entry) => entry.encryptionContext?.tenant_id).sort(), [tenantC, tenantD].sort());
    // Reading back costs nothing: the data keys were cached for decryption when generated.
    resetKmsCallCounts();
    for (const { scope, ciphertext } of written)
      assert.equal((await decryptForTenant(scope, ciphertext)).toString(), `${scope.tenantId} #${scope.recordId.slice(1)}`);
    assert.equal(getKmsCallCounts().total, 0);
    // D's ciphertext read as C goes to KMS under C's identity (not C's cache) and is refused.
    await assertRefused({ tenantId: tenantC, purpose: 'prompt', recordId: 'r0' }, written[1].ciphertext, 'C reading D');
    assert.equal(getKmsCallCounts().byTenant[tenantC].Decrypt, 1);
  });

  test('concurrent first requests share one key creation and one GenerateDataKey', async () => {
    const tenantE = '55555555-5555-4555-8555-555555555555';
    await Promise.all(Array.from({ length: 20 }, (_, index) => encryptForTenant({ tenantId: tenantE, purpose: 'secret', recordId: `s${index}` }, 'x')));
    const counts = getKmsCallCounts().byTenant[tenantE];
    assert.equal(counts.CreateKey, 1);
    assert.equal(counts.GenerateDataKey, 2, 'one failed attempt before the key existed, one after');
  });

  test('an upper-case tenant id is the same tenant, not a second key', async () => {
    const ciphertext = await encryptForTenant({ ...scopeA, tenantId: tenantA.toUpperCase() }, 'case');
    assert.equal((await decryptForTenant(scopeA, ciphertext)).toString(), 'case');
    assert.equal(getKmsCallCounts().byOperation.CreateKey, undefined);
  });

  test('refusals are reported as decrypt_refused events without plaintext', async () => {
    const events: KeyEvent[] = [];
    const stop = onKeyEvent((event) => events.push(event));
    const ofB = await encryptForTenant(scopeB, 'event check');
    await assertRefused(scopeA, ofB, 'A reading B');
    stop();
    const refusal = events.find((event) => event.type === 'decrypt_refused');
    assert.equal(refusal?.tenantId, tenantA);
    assert.doesNotMatch(JSON.stringify(events), /event check/);
  });

  test('bad scopes are programming errors, not silent widening', async () => {
    await assert.rejects(encryptForTenant({ ...scopeA, tenantId: 'not-a-uuid' }, 'x'), TypeError);
    await assert.rejects(encryptForTenant({ ...scopeA, purpose: 'other' as never }, 'x'), TypeError);
    await assert.rejects(encryptForTenant({ ...scopeA, recordId: '' }, 'x'), TypeError);
  });
});
