import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EncryptCommand, GenerateDataKeyCommand } from '@aws-sdk/client-kms';
import { defaultLocalKmsCredentials } from '@/lib/kms/config';
import { createTestKmsClient, getKmsErrorName } from '@/lib/kms/test-kms';
import { startLocalKms, type LocalKms } from './start-local-kms';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

function readDirectory(dir: string): Buffer {
  return Buffer.concat(
    fs
      .readdirSync(dir, { withFileTypes: true })
      .map((entry) => (entry.isDirectory() ? readDirectory(path.join(dir, entry.name)) : fs.readFileSync(path.join(dir, entry.name)))),
  );
}

describe('local KMS: request authentication', () => {
  let dataDir: string;
  let server: LocalKms;
  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-local-kms-'));
    server = await startLocalKms({ dataDir });
  });
  after(async () => {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('accepts the configured credentials (positive control) and refuses a wrong secret or unknown access key', async () => {
    const good = createTestKmsClient(server.url);
    assert.equal(await getKmsErrorName(good.send(new CreateKeyCommand({}))), 'no error');
    const wrongSecret = createTestKmsClient(server.url, { ...defaultLocalKmsCredentials, secretAccessKey: 'guess' });
    assert.equal(await getKmsErrorName(wrongSecret.send(new CreateKeyCommand({}))), 'InvalidSignatureException');
    const unknownKey = createTestKmsClient(server.url, { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: defaultLocalKmsCredentials.secretAccessKey });
    assert.equal(await getKmsErrorName(unknownKey.send(new CreateKeyCommand({}))), 'UnrecognizedClientException');
    for (const client of [good, wrongSecret, unknownKey]) client.destroy();
  });

  test('refuses a correctly signed request whose body was changed after signing', async () => {
    const client = createTestKmsClient(server.url);
    // The deserialize step runs after signing: swap the body the signature covers.
    client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { body: string | Uint8Array };
        const body = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body);
        request.body = body.replace('"Description":"signed"', '"Description":"forged"');
        return next(args);
      },
      { step: 'deserialize' },
    );
    assert.equal(await getKmsErrorName(client.send(new CreateKeyCommand({ Description: 'signed' }))), 'InvalidSignatureException');
    client.destroy();
  });

  test('refuses an unsigned request', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.CreateKey' },
      body: '{}',
    });
    assert.equal(response.status, 400);
    assert.equal((await response.json()).__type, 'MissingAuthenticationTokenException');
  });
});

describe('local KMS: keys at rest and the access log', () => {
  test('the master key is generated once with mode 0600 and reused; key material survives a restart', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-local-kms-'));
    try {
      const first = await startLocalKms({ dataDir });
      const client = createTestKmsClient(first.url);
      const { KeyMetadata } = await client.send(new CreateKeyCommand({}));
      const context = { tenant_id: 't', purpose: 'secret' };
      const { CiphertextBlob } = await client.send(
        new EncryptCommand({ KeyId: KeyMetadata!.KeyId, Plaintext: Buffer.from('persisted'), EncryptionContext: context }),
      );
      client.destroy();
      await first.close();
      const masterKeyFile = path.join(dataDir, 'master.key');
      assert.equal(fs.statSync(masterKeyFile).mode & 0o777, 0o600);
      const masterKey = fs.readFileSync(masterKeyFile, 'utf8');

      const second = await startLocalKms({ dataDir });
      const again = createTestKmsClient(second.url);
      const { Plaintext } = await again.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: context }));
      assert.equal(Buffer.from(Plaintext!).toString(), 'persisted');
      again.destroy();
      await second.close();
      assert.equal(fs.readFileSync(masterKeyFile, 'utf8'), masterKey, 'not regenerated');

      await assert.rejects(startLocalKms({ dataDir, masterKey: randomBytes(32).toString('base64') }), /does not open with this master key/);
      fs.chmodSync(masterKeyFile, 0o644);
      await assert.rejects(startLocalKms({ dataDir }), /readable by others/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('a configured master key writes no master.key file', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-local-kms-'));
    try {
      const server = await startLocalKms({ dataDir, masterKey: randomBytes(32).toString('base64') });
      await server.close();
      assert.ok(!fs.existsSync(path.join(dataDir, 'master.key')));
      await assert.rejects(startLocalKms({ dataDir, masterKey: randomBytes(16).toString('base64') }), /32 bytes/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('no plaintext or data key reaches disk; the access log records each call', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-local-kms-'));
    const server = await startLocalKms({ dataDir });
    const client = createTestKmsClient(server.url);
    try {
      const { KeyMetadata } = await client.send(new CreateKeyCommand({}));
      const context = { tenant_id: 'tenant-x', purpose: 'prompt' };
      const marker = `secret-${randomBytes(8).toString('hex')}`;
      await client.send(new EncryptCommand({ KeyId: KeyMetadata!.KeyId, Plaintext: Buffer.from(marker), EncryptionContext: context }));
      const dataKey = await client.send(new GenerateDataKeyCommand({ KeyId: KeyMetadata!.KeyId, KeySpec: 'AES_256', EncryptionContext: context }));
      assert.equal(await getKmsErrorName(client.send(new DescribeKeyCommand({ KeyId: 'alias/missing' }))), 'NotFoundException');

      const onDisk = readDirectory(dataDir);
      const plaintextKey = Buffer.from(dataKey.Plaintext!);
      for (const secret of [
        Buffer.from(marker),
        Buffer.from(Buffer.from(marker).toString('base64')),
        plaintextKey,
        Buffer.from(plaintextKey.toString('base64')),
      ]) {
        assert.ok(!onDisk.includes(secret), 'a secret reached disk');
      }
      // Positive control: the search does find what is on disk.
      assert.ok(onDisk.includes(Buffer.from(KeyMetadata!.KeyId!)));

      const log = fs
        .readFileSync(server.accessLogFile, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      assert.deepEqual(
        log.map((entry) => [entry.operation, entry.outcome]),
        [
          ['CreateKey', 'ok'],
          ['Encrypt', 'ok'],
          ['GenerateDataKey', 'ok'],
          ['DescribeKey', 'NotFoundException'],
        ],
      );
      assert.deepEqual(log[1].encryptionContext, context);
      assert.equal(log[1].keyId, KeyMetadata!.KeyId);
      assert.ok(log.every((entry) => !('Plaintext' in entry) && !('CiphertextBlob' in entry)));
      assert.equal(fs.statSync(server.accessLogFile).mode & 0o777, 0o600);
    } finally {
      client.destroy();
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
