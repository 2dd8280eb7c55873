import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GetKeyPolicyCommand,
  PutKeyPolicyCommand,
  ReEncryptCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { applyKeyPolicies } from './apply-key-policies';
import { purgeTenant } from './data-keys';
import { decryptForTenant, encryptForTenant } from './envelope';
import { KmsDecryptError, KmsUnavailableError } from './errors';
import { onKeyEvent, type KeyEvent } from './key-events';
import { ensurePlacementKey, ensurePlatformKey, ensureTenantKey } from './key-provider';
import { buildKeyPolicy, tenantContextStatementId } from './key-policy';
import { createTestKmsClient, startTestKms, type TestKms, getKmsErrorName } from './test-kms';

// A key policy is the last line when code is wrong or a role is stolen: these tests go around
// Bulkhead's own context handling and call KMS directly, as an attacker holding the role would.
const tenantA = '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const tenantB = '9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4';
const contextOf = (tenantId: string) => ({ tenant_id: tenantId, purpose: 'prompt' });

let kms: TestKms;
let client: KMSClient;

function generateDataKey(keyId: string, EncryptionContext?: Record<string, string>) {
  return client.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext }));
}

describe('key policies that bind each key to its tenant', () => {
  before(async () => {
    kms = await startTestKms();
    client = createTestKmsClient(kms.server.url);
  });
  after(async () => {
    client.destroy();
    await kms.stop();
  });

  test("a tenant's key is created with a policy that refuses every other tenant's context, even called directly", async () => {
    const key = await ensureTenantKey(tenantA);
    const policy = JSON.parse((await client.send(new GetKeyPolicyCommand({ KeyId: key.keyId, PolicyName: 'default' }))).Policy!);
    const statement = policy.Statement.find((entry: { Sid: string }) => entry.Sid === tenantContextStatementId);
    assert.deepEqual(statement.Condition, { StringNotEquals: { 'kms:EncryptionContext:tenant_id': tenantA } });

    // Positive control: the tenant's own context works, so a refusal below is the policy's doing.
    const own = await generateDataKey(key.keyId, contextOf(tenantA));
    assert.ok(own.CiphertextBlob);
    for (const [label, context] of Object.entries({ 'other tenant': contextOf(tenantB), 'no context': undefined, 'no tenant': { purpose: 'prompt' } })) {
      assert.equal(await getKmsErrorName(generateDataKey(key.keyId, context)), 'AccessDeniedException', label);
      assert.equal(
        await getKmsErrorName(client.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: Buffer.from('x'), EncryptionContext: context }))),
        'AccessDeniedException',
        label,
      );
    }
    // Decrypting tenant A's wrapped key while naming tenant B is refused by policy before any key material is used.
    assert.equal(
      await getKmsErrorName(client.send(new DecryptCommand({ CiphertextBlob: own.CiphertextBlob, EncryptionContext: contextOf(tenantB) }))),
      'AccessDeniedException',
    );
    const otherKey = await ensureTenantKey(tenantB);
    assert.equal(
      await getKmsErrorName(
        client.send(
          new ReEncryptCommand({
            CiphertextBlob: own.CiphertextBlob,
            SourceEncryptionContext: contextOf(tenantA),
            DestinationKeyId: otherKey.keyId,
            DestinationEncryptionContext: contextOf(tenantA),
          }),
        ),
      ),
      'AccessDeniedException',
      "tenant B's key will not take tenant A's data",
    );
  });

  test("a decrypt the key policy refuses for another tenant's context is audited as a refused decrypt; a KMS outage stays a kms_failure", async () => {
    const keyA = await ensureTenantKey(tenantA);
    const scope = (tenantId: string) => ({ tenantId, purpose: 'document' as const, recordId: 'policy-refusal', keyId: keyA.keyId });
    const ciphertext = await encryptForTenant(scope(tenantA), 'tenant A only');
    const events: KeyEvent[] = [];
    const stopListening = onKeyEvent((event) => events.push(event));
    try {
      // Positive control: the owner's context unwraps it, so the refusal below is the policy's doing.
      purgeTenant(tenantA);
      assert.equal((await decryptForTenant(scope(tenantA), ciphertext)).toString(), 'tenant A only');

      // Tenant B's identity reaching for tenant A's key: KMS answers AccessDeniedException (the key policy's Deny).
      events.length = 0;
      await assert.rejects(
        decryptForTenant(scope(tenantB), ciphertext),
        (error: unknown) => error instanceof KmsDecryptError && error.reason === 'policy_denied',
      );
      assert.deepEqual(
        events.map((event) => [event.type, event.tenantId, event.errorCode, event.reason]),
        [['decrypt_refused', tenantB, 'kms_decrypt_failed', 'policy_denied']],
        'an isolation refusal, not an outage',
      );

      // KMS down: the same decrypt (nothing cached) is an outage, a kms_failure and never a refusal.
      purgeTenant(tenantA);
      events.length = 0;
      await kms.stopServer();
      try {
        await assert.rejects(decryptForTenant(scope(tenantA), ciphertext), KmsUnavailableError);
      } finally {
        await kms.restartServer();
      }
      assert.deepEqual(
        events.map((event) => [event.type, event.operation, event.errorCode]),
        [['kms_failure', 'Decrypt', 'kms_unavailable']],
      );
    } finally {
      stopListening();
    }
  });

  test('placement keys carry the same binding; the platform key demands some tenant in every context', async () => {
    const placementKey = await ensurePlacementKey(tenantA, 'prompt', '0b5e7a52-2c53-4a57-9d4c-8f0f3c1b2a10');
    assert.equal(await getKmsErrorName(generateDataKey(placementKey.keyId, contextOf(tenantA))), 'no error');
    assert.equal(await getKmsErrorName(generateDataKey(placementKey.keyId, contextOf(tenantB))), 'AccessDeniedException');

    const platformKey = await ensurePlatformKey();
    assert.equal(await getKmsErrorName(generateDataKey(platformKey.keyId, contextOf(tenantA))), 'no error');
    assert.equal(await getKmsErrorName(generateDataKey(platformKey.keyId, contextOf(tenantB))), 'no error');
    assert.equal(await getKmsErrorName(generateDataKey(platformKey.keyId, { purpose: 'prompt' })), 'AccessDeniedException');
    assert.equal(await getKmsErrorName(generateDataKey(platformKey.keyId)), 'AccessDeniedException');
  });

  test('control: a key left with the default policy accepts any context, so the refusals above come from the policy', async () => {
    const keyId = (await client.send(new CreateKeyCommand({ Description: 'default policy' }))).KeyMetadata!.KeyId!;
    assert.equal(await getKmsErrorName(generateDataKey(keyId, contextOf(tenantB))), 'no error');
    assert.equal(await getKmsErrorName(generateDataKey(keyId)), 'no error');
    await client.send(
      new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default', Policy: buildKeyPolicy(`arn:aws:kms:us-east-1:000000000000:key/${keyId}`, tenantA) }),
    );
    assert.equal(await getKmsErrorName(generateDataKey(keyId, contextOf(tenantB))), 'AccessDeniedException');
  });

  test('on upgrade, keys made with the default policy are bound to their tenant; running it again changes nothing', async () => {
    const tenantC = 'c0ffee00-1234-4abc-8def-0123456789ab';
    const legacyKeyId = (await client.send(new CreateKeyCommand({ Description: 'made before key policies' }))).KeyMetadata!.KeyId!;
    await client.send(new CreateAliasCommand({ AliasName: `alias/bulkhead/tenant/${tenantC}`, TargetKeyId: legacyKeyId }));
    const unrelatedKeyId = (await client.send(new CreateKeyCommand({ Description: 'not ours' }))).KeyMetadata!.KeyId!;
    await client.send(new CreateAliasCommand({ AliasName: 'alias/someone-else', TargetKeyId: unrelatedKeyId }));
    assert.equal(await getKmsErrorName(generateDataKey(legacyKeyId, contextOf(tenantB))), 'no error', 'control: the legacy key is open to any context');

    const first = await applyKeyPolicies();
    assert.deepEqual(
      first.find((outcome) => outcome.keyId === legacyKeyId),
      { alias: `alias/bulkhead/tenant/${tenantC}`, keyId: legacyKeyId, outcome: 'bound' },
    );
    assert.ok(!first.some((outcome) => outcome.keyId === unrelatedKeyId), "another application's key is left alone");
    assert.equal(await getKmsErrorName(generateDataKey(legacyKeyId, contextOf(tenantB))), 'AccessDeniedException');
    assert.equal(await getKmsErrorName(generateDataKey(legacyKeyId, contextOf(tenantC))), 'no error');
    assert.equal(await getKmsErrorName(generateDataKey(unrelatedKeyId, contextOf(tenantB))), 'no error');

    const second = await applyKeyPolicies();
    assert.ok(second.length >= 4 && second.every((outcome) => outcome.outcome === 'already_bound'));
  });

  test('policies the local KMS cannot enforce, or that lock everyone out, are refused rather than stored', async () => {
    const keyId = (await client.send(new CreateKeyCommand({ Description: 'malformed' }))).KeyMetadata!.KeyId!;
    const put = (policy: object | string) =>
      getKmsErrorName(
        client.send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default', Policy: typeof policy === 'string' ? policy : JSON.stringify(policy) })),
      );
    const admin = { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 'kms:*', Resource: '*' };
    assert.equal(await put('{not json'), 'MalformedPolicyDocumentException');
    assert.equal(await put({ Statement: [{ ...admin, Effect: 'Deny' }] }), 'MalformedPolicyDocumentException', 'no one could change it again');
    assert.equal(
      await put({ Statement: [admin, { Effect: 'Deny', Action: 'kms:Decrypt', Condition: { StringLike: { 'kms:EncryptionContext:tenant_id': 'a*' } } }] }),
      'MalformedPolicyDocumentException',
    );
    assert.equal(
      await put({ Statement: [admin, { Effect: 'Deny', Action: 'kms:Decrypt', Condition: { StringEquals: { 'aws:SourceIp': '10.0.0.1' } } }] }),
      'MalformedPolicyDocumentException',
    );
    assert.equal(await put({ Statement: [admin] }), 'no error');
  });

  test('buildKeyPolicy keeps administration with the account of the key, in its partition', () => {
    const policy = JSON.parse(buildKeyPolicy('arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/abc', tenantA));
    assert.equal(policy.Statement[0].Principal.AWS, 'arn:aws-us-gov:iam::123456789012:root');
    assert.equal(policy.Statement[0].Action, 'kms:*');
    assert.throws(() => buildKeyPolicy('not-an-arn', tenantA), TypeError);
  });
});
