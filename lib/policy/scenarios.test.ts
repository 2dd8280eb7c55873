// The combinations from the issue: the demo platform, a FedRAMP agency joining, internal departments only,
// the last regulated tenant leaving, and order independence.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assessPlatform, type TenantWithTiers } from './assess-platform';
import { evaluateTenant } from './evaluate-tenant';
import { CLAIMS_OPERATIONS, CUSTOMER_SERVICE, DEMO_TENANTS, FEDRAMP_AGENCY, NORTHWIND_BANK, ST_ELM_HEALTH, UNDERWRITING, makeTiers } from './test-fixtures';
import { LAYERS, type LayerTiers, type TenantProfile } from './types';

const ruleIds = (tenant: TenantProfile, platform: readonly TenantProfile[]) =>
  Object.fromEntries(LAYERS.map((layer) => [layer, evaluateTenant(tenant, platform).layers[layer].rules.map((rule) => rule.id)]));
const names = (tenants: readonly { name: string }[]) => tenants.map((tenant) => tenant.name);
const floorTiers = (platform: readonly TenantWithTiers[]): LayerTiers => {
  const { floor } = assessPlatform(platform);
  return { prompt: floor.prompt.tier, retrieval: floor.retrieval.tier, logs: floor.logs.tier };
};
/** Every tenant placed exactly at its own minimum. */
const placeAtMinimum = (platform: readonly TenantProfile[]): TenantWithTiers[] =>
  platform.map((profile) => ({ profile, tiers: evaluateTenant(profile, platform).minimums }));

describe('the three demo tenants', () => {
  test('each gets its exact minimum per layer, with the rules that set it', () => {
    assert.deepEqual(evaluateTenant(CLAIMS_OPERATIONS, DEMO_TENANTS).minimums, makeTiers('schema_kms'));
    assert.deepEqual(ruleIds(CLAIMS_OPERATIONS, DEMO_TENANTS), {
      prompt: ['R3-distinct-classification'],
      retrieval: ['R3-distinct-classification'],
      logs: ['R3-distinct-classification'],
    });
    assert.deepEqual(evaluateTenant(NORTHWIND_BANK, DEMO_TENANTS).minimums, { prompt: 'schema_kms', retrieval: 'schema_kms', logs: 'dedicated' });
    assert.deepEqual(ruleIds(NORTHWIND_BANK, DEMO_TENANTS), {
      prompt: ['R3-distinct-classification', 'R4-external-client'],
      retrieval: ['R3-distinct-classification', 'R4-external-client'],
      logs: ['R9-regulatory-audit-logs'],
    });
    assert.deepEqual(evaluateTenant(ST_ELM_HEALTH, DEMO_TENANTS).minimums, makeTiers('dedicated'));
    assert.deepEqual(ruleIds(ST_ELM_HEALTH, DEMO_TENANTS), {
      prompt: ['R8-hipaa-phi'],
      retrieval: ['R8-hipaa-phi'],
      logs: ['R8-hipaa-phi', 'R9-regulatory-audit-logs'],
    });
  });

  test('the regulated tenants set a dedicated floor, and the two weaker tenants lower the claimable assurance', () => {
    const platform = placeAtMinimum(DEMO_TENANTS);
    const assessment = assessPlatform(platform);
    assert.deepEqual(floorTiers(platform), makeTiers('dedicated'));
    assert.deepEqual(names(assessment.floor.prompt.setBy.map((setter) => setter.tenant)), ['St. Elm Health']);
    assert.deepEqual(names(assessment.floor.logs.setBy.map((setter) => setter.tenant)), ['Northwind Bank', 'St. Elm Health']);
    assert.match(assessment.floor.prompt.reason, /St\. Elm Health \(HIPAA BAA; R8-hipaa-phi\)/);
    assert.match(assessment.floor.logs.reason, /Northwind Bank \(OCC Heightened Standards; R9-regulatory-audit-logs\)/);

    assert.equal(assessment.assurance.prompt.tier, 'schema_kms');
    assert.deepEqual(names(assessment.assurance.prompt.limitedBy), ['Claims Operations', 'Northwind Bank']);
    assert.equal(assessment.assurance.logs.tier, 'schema_kms');
    assert.deepEqual(names(assessment.assurance.logs.limitedBy), ['Claims Operations']);
    assert.equal(assessment.assurance.prompt.isFloorMet, false);

    assert.deepEqual(
      assessment.belowFloor.map(({ tenant, layers }) => [tenant.name, layers.map((shortfall) => shortfall.layer)]),
      [
        ['Claims Operations', ['prompt', 'retrieval', 'logs']],
        ['Northwind Bank', ['prompt', 'retrieval']],
      ],
    );
    assert.deepEqual(assessment.belowMinimum, []); // the floor does not raise anyone's own minimum
  });
});

describe('a FedRAMP agency joins', () => {
  test('beside Claims Operations and Northwind Bank, the floor rises to dedicated on every layer', () => {
    const before = placeAtMinimum([CLAIMS_OPERATIONS, NORTHWIND_BANK]);
    assert.deepEqual(floorTiers(before), { prompt: 'schema_kms', retrieval: 'schema_kms', logs: 'dedicated' });
    const after = [...before, { profile: FEDRAMP_AGENCY, tiers: makeTiers('dedicated') }];
    assert.deepEqual(floorTiers(after), makeTiers('dedicated'));
    assert.deepEqual(
      ruleIds(
        FEDRAMP_AGENCY,
        after.map((tenant) => tenant.profile),
      ).prompt,
      ['R7-fedramp-separation', 'X1-cui'],
    );
    assert.match(assessPlatform(after).floor.prompt.reason, /Federal Benefits Agency \(FedRAMP and CUI data; R7-fedramp-separation, X1-cui\)/);
  });

  test('joining at the default namespace placement drags the claimable assurance down to namespace', () => {
    const platform = [...placeAtMinimum(DEMO_TENANTS), { profile: FEDRAMP_AGENCY, tiers: makeTiers('namespace') }];
    const assessment = assessPlatform(platform);
    for (const layer of LAYERS) {
      assert.equal(assessment.assurance[layer].tier, 'namespace');
      assert.deepEqual(names(assessment.assurance[layer].limitedBy), ['Federal Benefits Agency']);
    }
    assert.deepEqual(names(assessment.belowMinimum.map((shortfall) => shortfall.tenant)), ['Federal Benefits Agency']);
    assert.deepEqual(names(assessment.floor.prompt.setBy.map((setter) => setter.tenant)), ['Federal Benefits Agency', 'St. Elm Health']);
  });

  test('on a platform of internal departments, it lifts every department to schema + KMS', () => {
    const departments = [CLAIMS_OPERATIONS, UNDERWRITING, CUSTOMER_SERVICE];
    const platform = [...departments, FEDRAMP_AGENCY];
    for (const department of departments) {
      const requirement = evaluateTenant(department, platform);
      assert.deepEqual(requirement.minimums, makeTiers('schema_kms'));
      assert.match(requirement.layers.prompt.rules[0].reason, /Federal Benefits Agency \(PII and CUI\)/);
    }
  });
});

describe('a platform of internal departments only', () => {
  test('namespace everywhere, no floor, nothing below it', () => {
    const departments = [CLAIMS_OPERATIONS, UNDERWRITING, CUSTOMER_SERVICE];
    for (const department of departments) {
      assert.deepEqual(ruleIds(department, departments), {
        prompt: ['R1-namespace-eligibility'],
        retrieval: ['R1-namespace-eligibility'],
        logs: ['R1-namespace-eligibility'],
      });
    }
    const platform = departments.map((profile) => ({ profile, tiers: makeTiers('namespace') }));
    const assessment = assessPlatform(platform);
    assert.deepEqual(floorTiers(platform), makeTiers('namespace'));
    assert.deepEqual(assessment.floor.logs.setBy, []);
    assert.match(assessment.floor.logs.reason, /No tenant is subject to a data-isolation requirement/);
    assert.equal(assessment.assurance.retrieval.tier, 'namespace');
    assert.equal(assessment.assurance.retrieval.isFloorMet, true);
    assert.deepEqual([assessment.belowFloor, assessment.belowMinimum], [[], []]);
  });
});

describe('the last regulated tenant leaves', () => {
  test('the floor falls step by step to namespace and the remaining department returns to namespace', () => {
    const atSchema = (profile: TenantProfile) => ({ profile, tiers: makeTiers('schema_kms') });
    const withBoth = assessPlatform([atSchema(CLAIMS_OPERATIONS), atSchema(NORTHWIND_BANK), { profile: ST_ELM_HEALTH, tiers: makeTiers('dedicated') }]);
    assert.deepEqual(names(withBoth.belowFloor.map((shortfall) => shortfall.tenant)), ['Claims Operations', 'Northwind Bank']);

    assert.deepEqual(floorTiers([atSchema(CLAIMS_OPERATIONS), atSchema(NORTHWIND_BANK)]), {
      prompt: 'schema_kms',
      retrieval: 'schema_kms',
      logs: 'dedicated',
    });

    const alone = assessPlatform([atSchema(CLAIMS_OPERATIONS)]);
    assert.deepEqual(floorTiers([atSchema(CLAIMS_OPERATIONS)]), makeTiers('namespace'));
    assert.deepEqual(alone.requirements[0].minimums, makeTiers('namespace'));
    assert.deepEqual([alone.belowFloor, alone.belowMinimum], [[], []]);
    assert.equal(alone.assurance.logs.isFloorMet, true);
  });

  test('internal departments sharing a classification become namespace-eligible again', () => {
    const before = [CLAIMS_OPERATIONS, UNDERWRITING, ST_ELM_HEALTH];
    assert.deepEqual(evaluateTenant(UNDERWRITING, before).minimums, makeTiers('schema_kms'));
    assert.deepEqual(evaluateTenant(UNDERWRITING, [CLAIMS_OPERATIONS, UNDERWRITING]).minimums, makeTiers('namespace'));
  });
});

describe('determinism', () => {
  function findPermutations<T>(items: readonly T[]): T[][] {
    if (items.length <= 1) return [[...items]];
    return items.flatMap((item, index) => findPermutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
  }

  test('the order of tenants changes nothing in the assessment', () => {
    const platform = [...placeAtMinimum(DEMO_TENANTS), { profile: FEDRAMP_AGENCY, tiers: makeTiers('schema_kms') }];
    const expected = assessPlatform(platform);
    const permutations = findPermutations(platform);
    assert.equal(permutations.length, 24);
    for (const permutation of permutations) assert.deepEqual(assessPlatform(permutation), expected);
  });

  test('the order of the other tenants changes nothing in a reason', () => {
    const platform = [CLAIMS_OPERATIONS, NORTHWIND_BANK, ST_ELM_HEALTH, FEDRAMP_AGENCY];
    const expected = evaluateTenant(CLAIMS_OPERATIONS, platform);
    for (const permutation of findPermutations(platform)) assert.deepEqual(evaluateTenant(CLAIMS_OPERATIONS, permutation), expected);
  });
});
