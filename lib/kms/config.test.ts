import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultLocalKmsCredentials, defaultLocalKmsEndpoint, readKmsConfig } from './config';

describe('readKmsConfig', () => {
  test('nothing configured: the local server with the fixed local credentials', () => {
    const config = readKmsConfig({});
    assert.equal(config.target, 'local');
    assert.equal(config.endpoint, defaultLocalKmsEndpoint);
    assert.deepEqual(config.credentials, defaultLocalKmsCredentials);
  });

  test('AWS region and credentials, no endpoint: real AWS with the SDK credential chain', () => {
    const config = readKmsConfig({ AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret' });
    assert.deepEqual([config.target, config.endpoint, config.credentials, config.region], ['aws', undefined, undefined, 'eu-west-1']);
    assert.equal(readKmsConfig({ AWS_REGION: 'eu-west-1', AWS_PROFILE: 'prod' }).target, 'aws');
  });

  test('an explicit endpoint wins over AWS settings; a region alone is not enough for AWS', () => {
    const config = readKmsConfig({
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKID',
      AWS_SECRET_ACCESS_KEY: 'secret',
      BULKHEAD_KMS_ENDPOINT: 'http://127.0.0.1:9',
    });
    assert.deepEqual([config.target, config.endpoint], ['local', 'http://127.0.0.1:9']);
    assert.equal(readKmsConfig({ AWS_REGION: 'eu-west-1' }).target, 'local');
  });

  test('numeric settings are read and validated', () => {
    assert.equal(readKmsConfig({ BULKHEAD_KMS_DATA_KEY_MAX_USES: '7' }).dataKeyMaxUses, 7);
    assert.throws(() => readKmsConfig({ BULKHEAD_KMS_MAX_ATTEMPTS: '0' }), /BULKHEAD_KMS_MAX_ATTEMPTS/);
    assert.throws(() => readKmsConfig({ BULKHEAD_KMS_REQUEST_TIMEOUT_MS: 'soon' }), /BULKHEAD_KMS_REQUEST_TIMEOUT_MS/);
  });
});
