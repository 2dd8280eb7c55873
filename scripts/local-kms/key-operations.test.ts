import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  EncryptCommand,
  ListAliasesCommand,
  ReEncryptCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { createTestKmsClient, getKmsErrorName } from '@/lib/kms/test-kms';
import { startLocalKms, type LocalKms } from './start-local-kms';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const context = { tenant_id: 't1', purpose: 'prompt' };
let dataDir: string;
let server: LocalKms;
let client: KMSClient;

async function createKey() {
  return (await client.send(new CreateKeyCommand({ Description: 'test' }))).KeyMetadata!.KeyId!;
}

function encrypt(keyId: string) {
  return client.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x'), EncryptionContext: context }));
}

describe('local KMS key operations over the SDK', () => {
  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-local-kms-'));
    server = await startLocalKms({ dataDir });
    client = createTestKmsClient(server.url);
  });
  after(async () => {
    client.destroy();
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('disable, enable, schedule and cancel deletion return the AWS errors in each state', async () => {
    const keyId = await createKey();
    const { CiphertextBlob } = await encrypt(keyId);
    await client.send(new DisableKeyCommand({ KeyId: keyId }));
    assert.equal(await getKmsErrorName(encrypt(keyId)), 'DisabledException');
    assert.equal(await getKmsErrorName(client.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: context }))), 'DisabledException');
    await client.send(new EnableKeyCommand({ KeyId: keyId }));
    assert.equal(await getKmsErrorName(encrypt(keyId)), 'no error');

    assert.equal(await getKmsErrorName(client.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 3 }))), 'ValidationException');
    const scheduled = await client.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
    assert.equal(scheduled.KeyState, 'PendingDeletion');
    assert.ok(scheduled.DeletionDate!.getTime() > Date.now() + 6 * 24 * 3600 * 1000);
    assert.equal(await getKmsErrorName(encrypt(keyId)), 'KMSInvalidStateException');
    assert.equal(await getKmsErrorName(client.send(new DisableKeyCommand({ KeyId: keyId }))), 'KMSInvalidStateException');
    await client.send(new CancelKeyDeletionCommand({ KeyId: keyId }));
    assert.equal((await client.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyState, 'Disabled');
  });

  test('rotation keeps old ciphertext readable; ReEncrypt moves it between keys and contexts', async () => {
    const keyId = await createKey();
    const otherKeyId = await createKey();
    const { CiphertextBlob } = await encrypt(keyId);
    await client.send(new RotateKeyOnDemandCommand({ KeyId: keyId }));
    assert.equal(Buffer.from((await client.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: context }))).Plaintext!).toString(), 'x');
    const moved = await client.send(
      new ReEncryptCommand({
        CiphertextBlob,
        SourceEncryptionContext: context,
        DestinationKeyId: otherKeyId,
        DestinationEncryptionContext: { other: 'context' },
      }),
    );
    assert.ok(moved.KeyId!.endsWith(otherKeyId));
    assert.equal(
      await getKmsErrorName(client.send(new DecryptCommand({ CiphertextBlob: moved.CiphertextBlob, EncryptionContext: context }))),
      'InvalidCiphertextException',
    );
    const back = await client.send(new DecryptCommand({ CiphertextBlob: moved.CiphertextBlob, EncryptionContext: { other: 'context' } }));
    assert.equal(Buffer.from(back.Plaintext!).toString(), 'x');
  });

  test('aliases: unique, validated, resolvable, and listed page by page', async () => {
    const keyId = await createKey();
    await client.send(new CreateAliasCommand({ AliasName: 'alias/page/0', TargetKeyId: keyId }));
    assert.equal(await getKmsErrorName(client.send(new CreateAliasCommand({ AliasName: 'alias/page/0', TargetKeyId: keyId }))), 'AlreadyExistsException');
    assert.equal(
      await getKmsErrorName(client.send(new CreateAliasCommand({ AliasName: 'alias/aws/reserved', TargetKeyId: keyId }))),
      'InvalidAliasNameException',
    );
    assert.equal(await getKmsErrorName(client.send(new CreateAliasCommand({ AliasName: 'alias/x', TargetKeyId: 'alias/page/0' }))), 'ValidationException');
    for (const index of [1, 2, 3, 4]) await client.send(new CreateAliasCommand({ AliasName: `alias/page/${index}`, TargetKeyId: keyId }));
    assert.ok((await client.send(new DescribeKeyCommand({ KeyId: 'alias/page/3' }))).KeyMetadata!.Arn!.endsWith(keyId));

    const names: string[] = [];
    let marker: string | undefined;
    do {
      const page = await client.send(new ListAliasesCommand({ KeyId: keyId, Limit: 2, Marker: marker }));
      names.push(...page.Aliases!.map((alias) => alias.AliasName!));
      marker = page.Truncated ? page.NextMarker : undefined;
    } while (marker);
    assert.deepEqual(names, ['alias/page/0', 'alias/page/1', 'alias/page/2', 'alias/page/3', 'alias/page/4']);
  });
});
