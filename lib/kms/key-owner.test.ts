import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getKeyAlias, getTenantKeyAlias, platformKeyAlias, selectKeyOwner } from './key-owner';

const tenantId = '0f0e0d0c-0b0a-4908-8706-050403020100';

describe('key owner and aliases', () => {
  test('a customer key when any layer is schema_kms or dedicated; the platform key when all are namespace', () => {
    assert.equal(selectKeyOwner({ prompt: 'namespace', retrieval: 'namespace', logs: 'namespace' }), 'platform');
    assert.equal(selectKeyOwner({ prompt: 'namespace', retrieval: 'schema_kms', logs: 'namespace' }), 'tenant');
    assert.equal(selectKeyOwner({ prompt: 'namespace', retrieval: 'namespace', logs: 'dedicated' }), 'tenant');
  });

  test('one alias per tenant whatever the case of its id; platform alias is fixed', () => {
    assert.equal(getTenantKeyAlias(tenantId), `alias/bulkhead/tenant/${tenantId}`);
    assert.equal(getTenantKeyAlias(tenantId.toUpperCase()), getTenantKeyAlias(tenantId));
    assert.equal(getKeyAlias('platform', tenantId), platformKeyAlias);
    assert.equal(getKeyAlias('tenant', tenantId), getTenantKeyAlias(tenantId));
  });

  test('anything but a uuid is refused rather than turned into an alias', () => {
    for (const bad of ['', 'tenant-a', `${tenantId}/../platform`, `${tenantId} `]) {
      assert.throws(() => getTenantKeyAlias(bad), TypeError, bad);
    }
  });
});
