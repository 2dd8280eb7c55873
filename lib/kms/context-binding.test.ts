import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateAliasCommand, CreateKeyCommand, DecryptCommand, EncryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { createTestKmsClient, startTestKms, type TestKms, getKmsErrorName } from './test-kms';

// Protocol level: the local KMS binds the encryption context exactly, through the SDK over HTTP.
const tenantA = '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const tenantB = '9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4';
const contextA = { tenant_id: tenantA, purpose: 'prompt' };

let kms: TestKms;
let client: KMSClient;

async function createAliasedKey(alias: string) {
  const key = await client.send(new CreateKeyCommand({ Description: alias }));
  await client.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: key.KeyMetadata!.KeyId }));
  return key.KeyMetadata!.KeyId!;
}

describe('local KMS encryption context binding', () => {
  before(async () => {
    kms = await startTestKms();
    client = createTestKmsClient(kms.server.url);
    await createAliasedKey(`alias/bulkhead/tenant/${tenantA}`);
    await createAliasedKey(`alias/bulkhead/tenant/${tenantB}`);
  });
  after(async () => {
    client.destroy();
    await kms.stop();
  });

  test('every wrong context fails; the exact one (in any key order) decrypts', async () => {
    const { CiphertextBlob, Plaintext } = await client.send(
      new GenerateDataKeyCommand({ KeyId: `alias/bulkhead/tenant/${tenantA}`, KeySpec: 'AES_256', EncryptionContext: contextA }),
    );
    const wrongContexts: Record<string, Record<string, string> | undefined> = {
      'other tenant': { tenant_id: tenantB, purpose: 'prompt' },
      empty: {},
      absent: undefined,
      'key in different case': { Tenant_Id: tenantA, purpose: 'prompt' },
      'value in different case': { tenant_id: tenantA.toUpperCase(), purpose: 'prompt' },
      'other purpose': { tenant_id: tenantA, purpose: 'document' },
      'extra key': { ...contextA, record: '1' },
      'missing key': { tenant_id: tenantA },
      'trailing space': { tenant_id: `${tenantA} `, purpose: 'prompt' },
    };
    for (const [label, EncryptionContext] of Object.entries(wrongContexts)) {
      assert.equal(await getKmsErrorName(client.send(new DecryptCommand({ CiphertextBlob, EncryptionContext }))), 'InvalidCiphertextException', label);
    }
    const decrypted = await client.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { purpose: 'prompt', tenant_id: tenantA } }));
    assert.deepEqual(Buffer.from(decrypted.Plaintext!), Buffer.from(Plaintext!));
  });

  test("tenant B's ciphertext in tenant A's context or pinned to A's key fails", async () => {
    const contextB = { tenant_id: tenantB, purpose: 'prompt' };
    const { CiphertextBlob } = await client.send(
      new EncryptCommand({ KeyId: `alias/bulkhead/tenant/${tenantB}`, Plaintext: Buffer.from('B secret'), EncryptionContext: contextB }),
    );
    assert.equal(await getKmsErrorName(client.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: contextA }))), 'InvalidCiphertextException');
    assert.equal(
      await getKmsErrorName(client.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: contextB, KeyId: `alias/bulkhead/tenant/${tenantA}` }))),
      'IncorrectKeyException',
    );
    // Positive control: B, pinned to B's key, reads it.
    const asB = await client.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: contextB, KeyId: `alias/bulkhead/tenant/${tenantB}` }));
    assert.equal(Buffer.from(asB.Plaintext!).toString(), 'B secret');
  });

  test('changing any byte of a KMS ciphertext makes it fail', async () => {
    const { CiphertextBlob } = await client.send(
      new EncryptCommand({ KeyId: `alias/bulkhead/tenant/${tenantA}`, Plaintext: Buffer.from('tamper me'), EncryptionContext: contextA }),
    );
    const blob = Buffer.from(CiphertextBlob!);
    for (let index = 0; index < blob.length; index += 1) {
      const tampered = Buffer.from(blob);
      tampered[index] ^= 0x01;
      const name = await getKmsErrorName(client.send(new DecryptCommand({ CiphertextBlob: tampered, EncryptionContext: contextA })));
      // Editing the header's key id names a key that does not exist; anything else fails authentication.
      assert.ok(['InvalidCiphertextException', 'NotFoundException'].includes(name), `byte ${index}: ${name}`);
    }
    const intact = await client.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: contextA }));
    assert.equal(Buffer.from(intact.Plaintext!).toString(), 'tamper me');
  });
});
