import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluateTenant, type LayerTiers, type Tier } from '@/lib/policy';
import { makeProfile, NORTHWIND_BANK } from '@/lib/policy/test-fixtures';
import type { AcceptanceFacts } from './assess-compliance';
import { planTierChange, TierBelowMinimumError } from './plan-tier-change';

const now = new Date('2026-06-01T12:00:00Z');
const later = new Date('2026-09-01T12:00:00Z');
const earlier = new Date('2026-05-01T12:00:00Z');

// Requirements come from the real engine: an external client with its own DPA is dedicated everywhere
// (R5) and, with OCC, its logs also by R9; a plain external client is schema_kms everywhere (R4).
const northwindWithDpa = { ...NORTHWIND_BANK, hasOwnDpa: true };
const dedicated = evaluateTenant(northwindWithDpa, [northwindWithDpa]);
const schemaKms = evaluateTenant(makeProfile({ id: 'ext', name: 'External', kind: 'external_client' }), []);

function tiers(prompt: Tier, retrieval: Tier, logs: Tier): LayerTiers {
  return { prompt, retrieval, logs };
}

function open(fields: Partial<AcceptanceFacts>): AcceptanceFacts {
  return { id: 'open-1', layer: 'logs', acceptedTier: 'namespace', requiredTier: 'dedicated', expiresAt: later, revokedAt: null, ...fields };
}

describe('planTierChange', () => {
  test('a request below the minimum without an acceptance is refused, naming the layer, minimum and rules', () => {
    const plan = planTierChange({
      current: tiers('dedicated', 'dedicated', 'dedicated'),
      requested: tiers('dedicated', 'dedicated', 'schema_kms'),
      requirement: dedicated,
      openAcceptances: [],
      hasNewAcceptance: false,
      now,
    });
    assert.deepEqual(
      plan.refusals.map((refusal) => [refusal.layer, refusal.requested, refusal.minimum]),
      [['logs', 'schema_kms', 'dedicated']],
    );
    assert.deepEqual(
      plan.refusals[0].ruleIds,
      dedicated.layers.logs.rules.map((rule) => rule.id),
    );
    assert.ok(plan.refusals[0].ruleIds.includes('R9-regulatory-audit-logs'));
    const message = new TierBelowMinimumError(plan.refusals).message;
    assert.match(message, /Logs cannot run at Schema \+ KMS key/);
    assert.match(message, /minimum there is Dedicated/);
    assert.match(message, /R9-regulatory-audit-logs/);
  });

  test('every refused layer is reported, not just the first', () => {
    const plan = planTierChange({
      current: tiers('dedicated', 'dedicated', 'dedicated'),
      requested: tiers('namespace', 'dedicated', 'namespace'),
      requirement: dedicated,
      openAcceptances: [],
      hasNewAcceptance: false,
      now,
    });
    assert.deepEqual(
      plan.refusals.map((refusal) => refusal.layer),
      ['prompt', 'logs'],
    );
  });

  test('at or above the minimum is allowed and revokes the open acceptance that is no longer needed', () => {
    const plan = planTierChange({
      current: tiers('schema_kms', 'schema_kms', 'namespace'),
      requested: tiers('schema_kms', 'dedicated', 'schema_kms'),
      requirement: schemaKms,
      openAcceptances: [open({ layer: 'logs', requiredTier: 'schema_kms' })],
      hasNewAcceptance: false,
      now,
    });
    assert.deepEqual(plan.refusals, []);
    assert.deepEqual(plan.acceptancesToRevoke, [{ id: 'open-1', reason: 'no_longer_needed' }]);
    assert.deepEqual(plan.acceptancesToRecord, []);
  });

  test('a new acceptance records one row per layer below the minimum and supersedes open ones there', () => {
    const plan = planTierChange({
      current: tiers('dedicated', 'dedicated', 'namespace'),
      requested: tiers('schema_kms', 'dedicated', 'namespace'),
      requirement: dedicated,
      openAcceptances: [open({ layer: 'logs' })],
      hasNewAcceptance: true,
      now,
    });
    assert.deepEqual(plan.refusals, []);
    assert.deepEqual(
      plan.acceptancesToRecord.map((gap) => [gap.layer, gap.acceptedTier, gap.requiredTier]),
      [
        ['prompt', 'schema_kms', 'dedicated'],
        ['logs', 'namespace', 'dedicated'],
      ],
    );
    assert.deepEqual(plan.acceptancesToRevoke, [{ id: 'open-1', reason: 'superseded' }]);
  });

  test('an open, unexpired acceptance covering the new gap lets the change through without a new one', () => {
    const plan = planTierChange({
      current: tiers('dedicated', 'dedicated', 'schema_kms'),
      requested: tiers('dedicated', 'dedicated', 'namespace'),
      requirement: dedicated,
      openAcceptances: [open({ acceptedTier: 'namespace' })],
      hasNewAcceptance: false,
      now,
    });
    assert.deepEqual(plan.refusals, []);
    assert.deepEqual(plan.acceptancesToRevoke, []);
  });

  test('an expired acceptance does not let a change through', () => {
    const plan = planTierChange({
      current: tiers('dedicated', 'dedicated', 'schema_kms'),
      requested: tiers('dedicated', 'dedicated', 'namespace'),
      requirement: dedicated,
      openAcceptances: [open({ expiresAt: earlier })],
      hasNewAcceptance: false,
      now,
    });
    assert.deepEqual(
      plan.refusals.map((refusal) => refusal.layer),
      ['logs'],
    );
  });

  test('an acceptance of a smaller gap does not cover a weaker tier', () => {
    const plan = planTierChange({
      current: tiers('dedicated', 'dedicated', 'schema_kms'),
      requested: tiers('dedicated', 'dedicated', 'namespace'),
      requirement: dedicated,
      openAcceptances: [open({ acceptedTier: 'schema_kms' })],
      hasNewAcceptance: false,
      now,
    });
    assert.deepEqual(
      plan.refusals.map((refusal) => refusal.layer),
      ['logs'],
    );
  });

  test('a layer already below its minimum and left unchanged is not refused (other layers can still change)', () => {
    const plan = planTierChange({
      current: tiers('namespace', 'schema_kms', 'schema_kms'),
      requested: tiers('namespace', 'schema_kms', 'dedicated'),
      requirement: schemaKms,
      openAcceptances: [],
      hasNewAcceptance: false,
      now,
    });
    assert.deepEqual(plan.refusals, []);
  });
});
