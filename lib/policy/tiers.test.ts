import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TIER_CONSEQUENCES } from './tier-consequences';
import { compareTiers, isTierAtLeast, maxTier, minTier } from './tiers';
import { TIERS } from './types';

test('compareTiers orders namespace < schema_kms < dedicated', () => {
  assert.ok(compareTiers('namespace', 'schema_kms') < 0);
  assert.ok(compareTiers('schema_kms', 'dedicated') < 0);
  assert.ok(compareTiers('dedicated', 'namespace') > 0);
  assert.equal(compareTiers('schema_kms', 'schema_kms'), 0);
  assert.deepEqual(
    ['dedicated', 'namespace', 'schema_kms'].sort((a, b) => compareTiers(a as never, b as never)),
    [...TIERS],
  );
});

test('isTierAtLeast accepts equal and stronger tiers only', () => {
  assert.equal(isTierAtLeast('dedicated', 'schema_kms'), true);
  assert.equal(isTierAtLeast('schema_kms', 'schema_kms'), true);
  assert.equal(isTierAtLeast('namespace', 'schema_kms'), false);
});

test('maxTier and minTier pick the strongest and the weakest', () => {
  assert.equal(maxTier('schema_kms', 'dedicated', 'namespace'), 'dedicated');
  assert.equal(maxTier('namespace', 'schema_kms'), 'schema_kms');
  assert.equal(maxTier(), 'namespace');
  assert.equal(minTier('dedicated', 'schema_kms', 'dedicated'), 'schema_kms');
  assert.equal(minTier('dedicated'), 'dedicated');
});

test('TIER_CONSEQUENCES states the KMS latency and the loss of batching', () => {
  assert.match(TIER_CONSEQUENCES.schema_kms.latency, /1-5 ms/);
  assert.match(TIER_CONSEQUENCES.schema_kms.latency, /cache/);
  assert.match(TIER_CONSEQUENCES.dedicated.latency, /batching/);
  assert.match(TIER_CONSEQUENCES.namespace.isolation, /tenant predicate/);
});
