// Properties of the rule table as a whole, checked over every possible profile.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateTenant } from './evaluate-tenant';
import { POLICY_RULES } from './rules';
import { CLAIMS_OPERATIONS } from './test-fixtures';
import { compareTiers, isTierAtLeast, maxTier } from './tiers';
import { DATA_CLASSES, LAYERS, REGIMES, TENANT_KINDS, type TenantProfile } from './types';

function findSubsets<T>(values: readonly T[]): T[][] {
  return values.reduce<T[][]>((subsets, value) => [...subsets, ...subsets.map((subset) => [...subset, value])], [[]]);
}

// 2 kinds x 32 class sets x 16 regime sets x adversarial x DPA = 4096 profiles.
const ALL_PROFILES: TenantProfile[] = TENANT_KINDS.flatMap((kind) =>
  findSubsets(DATA_CLASSES).flatMap((dataClasses) =>
    findSubsets(REGIMES).flatMap((regimes) =>
      [false, true].flatMap((adversarial) =>
        [false, true].map((hasOwnDpa) => ({ id: 'tenant-probe', name: 'Probe Tenant', kind, dataClasses, regimes, adversarial, hasOwnDpa })),
      ),
    ),
  ),
);

describe('rule table', () => {
  test('ids are unique, sourced, and extensions are marked as such', () => {
    assert.equal(new Set(POLICY_RULES.map((rule) => rule.id)).size, POLICY_RULES.length);
    for (const rule of POLICY_RULES) {
      assert.ok(rule.basis.length > 20 && rule.title.length > 0, rule.id);
      assert.ok(rule.layers.length > 0 && rule.layers.every((layer) => LAYERS.includes(layer)), rule.id);
      assert.equal(rule.id.startsWith('X'), rule.source === 'extension', rule.id);
    }
  });

  test('every rule fires for some profile', () => {
    const fired = new Set(
      ALL_PROFILES.flatMap((profile) => [
        ...evaluateTenant(profile, [profile]).hits.map((hit) => hit.id),
        ...evaluateTenant(profile, [profile, CLAIMS_OPERATIONS]).hits.map((hit) => hit.id),
      ]),
    );
    assert.deepEqual([...fired].sort(), POLICY_RULES.map((rule) => rule.id).sort());
  });
});

describe('evaluateTenant over every profile', () => {
  for (const platformLabel of ['alone', 'beside Claims Operations'] as const) {
    test(`every layer is explained and the minimum is the strongest rule (${platformLabel})`, () => {
      for (const profile of ALL_PROFILES) {
        const platform = platformLabel === 'alone' ? [profile] : [profile, CLAIMS_OPERATIONS];
        const requirement = evaluateTenant(profile, platform);
        for (const layer of LAYERS) {
          const { minimum, rules } = requirement.layers[layer];
          const applicable = requirement.hits.filter((hit) => hit.layers.includes(layer));
          assert.ok(rules.length > 0, `${layer} unexplained for ${JSON.stringify(profile)}`);
          assert.equal(minimum, maxTier(...applicable.map((hit) => hit.tier)));
          assert.ok(rules.every((rule) => rule.tier === minimum));
          assert.equal(requirement.minimums[layer], minimum);
        }
        for (const hit of requirement.hits) {
          assert.ok(!hit.reason.includes('\n') && hit.reason.includes('Probe Tenant'), hit.id);
        }
      }
    });
  }

  test('the guidance floors hold for every profile', () => {
    for (const profile of ALL_PROFILES) {
      const { minimums } = evaluateTenant(profile, [profile, CLAIMS_OPERATIONS]);
      const weakest = LAYERS.map((layer) => minimums[layer]).sort(compareTiers)[0];
      const label = JSON.stringify(profile);
      if (profile.kind === 'external_client') assert.ok(isTierAtLeast(weakest, 'schema_kms'), label);
      if (profile.kind === 'external_client' && (profile.adversarial || profile.hasOwnDpa)) assert.equal(weakest, 'dedicated', label);
      if (profile.adversarial) assert.ok(isTierAtLeast(weakest, 'schema_kms'), label);
      if (profile.regimes.includes('fedramp') || profile.dataClasses.includes('cui')) assert.equal(weakest, 'dedicated', label);
      if (profile.regimes.includes('hipaa_baa')) assert.equal(weakest, 'dedicated', label);
      if (profile.regimes.some((regime) => regime !== 'fedramp')) assert.equal(minimums.logs, 'dedicated', label);
      if (profile.dataClasses.includes('privileged')) assert.ok(isTierAtLeast(weakest, 'schema_kms'), label);
    }
  });
});
