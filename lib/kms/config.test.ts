import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertKmsConfigured, defaultLocalKmsCredentials, defaultLocalKmsEndpoint, readKmsConfig } from './config';
import { KmsNotConfiguredError } from './errors';

describe('readKmsConfig', () => {
  test('nothing configured: no KMS at all, never a silent fall-back to the local server', () => {
    for (const env of [{}, { AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret' }, { AWS_PROFILE: 'prod' }]) {
      assert.throws(
        () => readKmsConfig(env),
        (error: Error) => error instanceof KmsNotConfiguredError && error.status === 503 && /BULKHEAD_KMS=aws/.test((error.cause as Error).message),
      );
      assert.throws(() => assertKmsConfigured(env), /No KMS is configured\. Set BULKHEAD_KMS=aws/);
    }
    assert.throws(
      () => readKmsConfig({ BULKHEAD_KMS: 'maybe' }),
      (error: Error) => /must be aws or local/.test((error.cause as Error).message),
    );
  });

  test('BULKHEAD_KMS=local: the local server with the fixed local credentials', () => {
    const config = readKmsConfig({ BULKHEAD_KMS: 'local' });
    assert.deepEqual([config.target, config.endpoint, config.region], ['local', defaultLocalKmsEndpoint, 'us-east-1']);
    assert.deepEqual(config.credentials, defaultLocalKmsCredentials);
    assert.doesNotThrow(() => assertKmsConfigured({ BULKHEAD_KMS: 'local' }));
  });

  test('BULKHEAD_KMS=aws: AWS with the SDK default credential chain, whatever credentials the environment shows', () => {
    for (const env of [
      { BULKHEAD_KMS: 'aws' },
      { BULKHEAD_KMS: 'AWS', AWS_REGION: 'eu-west-1' },
      { BULKHEAD_KMS: 'aws', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'x' },
    ]) {
      const config = readKmsConfig(env);
      assert.equal(config.target, 'aws');
      assert.equal(config.credentials, undefined, 'the SDK chain (profiles, SSO, container and instance roles) finds the credentials');
      assert.equal(config.endpoint, undefined);
    }
    assert.equal(readKmsConfig({ BULKHEAD_KMS: 'aws' }).region, undefined, 'the SDK reads the region from the profile');
    assert.equal(readKmsConfig({ BULKHEAD_KMS: 'aws', AWS_REGION: 'eu-west-1' }).region, 'eu-west-1');
    assert.equal(readKmsConfig({ BULKHEAD_KMS: 'aws', BULKHEAD_KMS_ENDPOINT: 'https://vpce.example' }).endpoint, 'https://vpce.example');
  });

  test('an explicit endpoint alone selects a KMS-compatible server with the local credentials', () => {
    const config = readKmsConfig({
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKID',
      AWS_SECRET_ACCESS_KEY: 'secret',
      BULKHEAD_KMS_ENDPOINT: 'http://127.0.0.1:9',
    });
    assert.deepEqual([config.target, config.endpoint, config.credentials], ['local', 'http://127.0.0.1:9', defaultLocalKmsCredentials]);
  });

  test('numeric settings are read and validated', () => {
    const local = { BULKHEAD_KMS: 'local' };
    assert.equal(readKmsConfig({ ...local, BULKHEAD_KMS_DATA_KEY_MAX_USES: '7' }).dataKeyMaxUses, 7);
    assert.throws(() => readKmsConfig({ ...local, BULKHEAD_KMS_MAX_ATTEMPTS: '0' }), /BULKHEAD_KMS_MAX_ATTEMPTS/);
    assert.throws(() => readKmsConfig({ ...local, BULKHEAD_KMS_REQUEST_TIMEOUT_MS: 'soon' }), /BULKHEAD_KMS_REQUEST_TIMEOUT_MS/);
  });
});
