import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LayerTiers, Tier } from '@/lib/policy';
import { assessTenantCompliance, isAcceptanceCovering, type AcceptanceFacts } from './assess-compliance';

const now = new Date('2026-06-01T12:00:00Z');
const tomorrow = new Date('2026-06-02T12:00:00Z');
const yesterday = new Date('2026-05-31T12:00:00Z');

function tiers(prompt: Tier, retrieval: Tier, logs: Tier): LayerTiers {
  return { prompt, retrieval, logs };
}

function acceptance(fields: Partial<AcceptanceFacts> = {}): AcceptanceFacts {
  return { id: 'a1', layer: 'logs', acceptedTier: 'namespace', requiredTier: 'dedicated', expiresAt: tomorrow, revokedAt: null, ...fields };
}

describe('assessTenantCompliance', () => {
  test('every layer at or above its minimum is compliant without any acceptance', () => {
    const result = assessTenantCompliance(tiers('dedicated', 'schema_kms', 'dedicated'), tiers('schema_kms', 'schema_kms', 'dedicated'), [], now);
    assert.equal(result.isCompliant, true);
    assert.deepEqual(
      Object.values(result.layers).map((layer) => layer.status),
      ['meets_minimum', 'meets_minimum', 'meets_minimum'],
    );
  });

  test('a layer below its minimum with no acceptance makes the tenant non-compliant and names the layer', () => {
    const result = assessTenantCompliance(tiers('dedicated', 'dedicated', 'schema_kms'), tiers('dedicated', 'dedicated', 'dedicated'), [], now);
    assert.equal(result.isCompliant, false);
    assert.equal(result.layers.logs.status, 'below_minimum');
    assert.equal(result.layers.logs.problem, 'no_acceptance');
    assert.equal(result.layers.prompt.status, 'meets_minimum');
  });

  test('an unexpired acceptance covering the gap keeps the tenant compliant', () => {
    const result = assessTenantCompliance(tiers('dedicated', 'dedicated', 'namespace'), tiers('dedicated', 'dedicated', 'dedicated'), [acceptance()], now);
    assert.equal(result.isCompliant, true);
    assert.equal(result.layers.logs.status, 'risk_accepted');
    assert.equal(result.layers.logs.acceptance?.id, 'a1');
  });

  test('an expired acceptance marks the tenant non-compliant', () => {
    const result = assessTenantCompliance(
      tiers('dedicated', 'dedicated', 'namespace'),
      tiers('dedicated', 'dedicated', 'dedicated'),
      [acceptance({ expiresAt: yesterday })],
      now,
    );
    assert.equal(result.isCompliant, false);
    assert.equal(result.layers.logs.problem, 'acceptance_expired');
  });

  test('expiry is exclusive: an acceptance expiring exactly now no longer covers', () => {
    const result = assessTenantCompliance(
      tiers('dedicated', 'dedicated', 'namespace'),
      tiers('dedicated', 'dedicated', 'dedicated'),
      [acceptance({ expiresAt: now })],
      now,
    );
    assert.equal(result.isCompliant, false);
  });

  test('a revoked acceptance is ignored', () => {
    const result = assessTenantCompliance(
      tiers('dedicated', 'dedicated', 'namespace'),
      tiers('dedicated', 'dedicated', 'dedicated'),
      [acceptance({ revokedAt: yesterday })],
      now,
    );
    assert.equal(result.layers.logs.problem, 'no_acceptance');
  });

  test('an acceptance for another layer does not cover this one', () => {
    const result = assessTenantCompliance(
      tiers('namespace', 'dedicated', 'dedicated'),
      tiers('dedicated', 'dedicated', 'dedicated'),
      [acceptance({ layer: 'logs' })],
      now,
    );
    assert.equal(result.layers.prompt.status, 'below_minimum');
    assert.equal(result.layers.prompt.problem, 'no_acceptance');
  });

  test('a minimum that rose above what was accepted is not covered', () => {
    const accepted = acceptance({ acceptedTier: 'namespace', requiredTier: 'schema_kms' });
    const result = assessTenantCompliance(tiers('dedicated', 'dedicated', 'namespace'), tiers('dedicated', 'dedicated', 'dedicated'), [accepted], now);
    assert.equal(result.layers.logs.problem, 'acceptance_too_narrow');
    assert.equal(result.isCompliant, false);
  });

  test('an expired acceptance on one layer and a valid one on another: non-compliant, each layer reported', () => {
    const result = assessTenantCompliance(
      tiers('schema_kms', 'dedicated', 'namespace'),
      tiers('dedicated', 'dedicated', 'dedicated'),
      [acceptance({ id: 'logs', layer: 'logs' }), acceptance({ id: 'prompt', layer: 'prompt', acceptedTier: 'schema_kms', expiresAt: yesterday })],
      now,
    );
    assert.equal(result.isCompliant, false);
    assert.equal(result.layers.logs.status, 'risk_accepted');
    assert.equal(result.layers.prompt.problem, 'acceptance_expired');
  });
});

describe('isAcceptanceCovering', () => {
  test('a stronger current tier than accepted is still covered (less risk than accepted)', () => {
    assert.equal(isAcceptanceCovering(acceptance({ acceptedTier: 'namespace', requiredTier: 'dedicated' }), 'schema_kms', 'dedicated'), true);
  });

  test('a weaker current tier than accepted is not covered', () => {
    assert.equal(isAcceptanceCovering(acceptance({ acceptedTier: 'schema_kms', requiredTier: 'dedicated' }), 'namespace', 'dedicated'), false);
  });

  test('a lower minimum than accepted is covered', () => {
    assert.equal(isAcceptanceCovering(acceptance({ acceptedTier: 'namespace', requiredTier: 'dedicated' }), 'namespace', 'schema_kms'), true);
  });
});
