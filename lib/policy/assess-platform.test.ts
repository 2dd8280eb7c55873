import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assessPlatform } from './assess-platform';
import { PolicyInputError } from './errors';
import { evaluateTenant } from './evaluate-tenant';
import { evaluatePlatformFloor, isSubjectToDataIsolationRequirement } from './platform-floor';
import { CLAIMS_OPERATIONS, DEMO_TENANTS, NORTHWIND_BANK, ST_ELM_HEALTH, makeProfile, makeTiers } from './test-fixtures';

test('an empty platform claims nothing and has no floor', () => {
  const assessment = assessPlatform([]);
  assert.deepEqual(assessment.assurance.prompt, { tier: null, limitedBy: [], isFloorMet: true });
  assert.equal(assessment.floor.prompt.tier, 'namespace');
  assert.deepEqual(assessment.requirements, []);
});

test('below-minimum and below-floor list only the short layers, with current and required tiers', () => {
  const assessment = assessPlatform([
    { profile: CLAIMS_OPERATIONS, tiers: makeTiers('schema_kms') },
    { profile: NORTHWIND_BANK, tiers: { prompt: 'schema_kms', retrieval: 'namespace', logs: 'schema_kms' } },
    { profile: ST_ELM_HEALTH, tiers: makeTiers('dedicated') },
  ]);
  assert.deepEqual(assessment.belowMinimum, [
    {
      tenant: { id: NORTHWIND_BANK.id, name: 'Northwind Bank' },
      layers: [
        { layer: 'retrieval', current: 'namespace', required: 'schema_kms' },
        { layer: 'logs', current: 'schema_kms', required: 'dedicated' },
      ],
    },
  ]);
  assert.deepEqual(
    assessment.belowFloor[1].layers.map((shortfall) => shortfall.current),
    ['schema_kms', 'namespace', 'schema_kms'],
  );
  assert.equal(assessment.assurance.retrieval.tier, 'namespace');
  assert.deepEqual(assessment.assurance.retrieval.limitedBy, [{ id: NORTHWIND_BANK.id, name: 'Northwind Bank' }]);
});

test('a platform where everyone meets the floor can claim it', () => {
  const assessment = assessPlatform(DEMO_TENANTS.map((profile) => ({ profile, tiers: makeTiers('dedicated') })));
  assert.equal(assessment.assurance.logs.tier, 'dedicated');
  assert.equal(assessment.assurance.logs.isFloorMet, true);
  assert.deepEqual(assessment.belowFloor, []);
});

test('requirements in the assessment match evaluateTenant against the same platform', () => {
  const assessment = assessPlatform(DEMO_TENANTS.map((profile) => ({ profile, tiers: makeTiers('namespace') })));
  assert.deepEqual(
    assessment.requirements,
    DEMO_TENANTS.map((profile) => evaluateTenant(profile, DEMO_TENANTS)),
  );
});

test('FedRAMP, HIPAA BAA, OCC and CUI data make a tenant floor-setting; PII and state data governance do not', () => {
  assert.equal(isSubjectToDataIsolationRequirement(NORTHWIND_BANK), true);
  assert.equal(isSubjectToDataIsolationRequirement(ST_ELM_HEALTH), true);
  assert.equal(isSubjectToDataIsolationRequirement(makeProfile({ id: 'a', name: 'A', regimes: ['fedramp'] })), true);
  assert.equal(isSubjectToDataIsolationRequirement(makeProfile({ id: 'c', name: 'C', dataClasses: ['cui'] })), true);
  assert.equal(isSubjectToDataIsolationRequirement(CLAIMS_OPERATIONS), false);
  const stateOnly = makeProfile({ id: 's', name: 'S', regimes: ['state_data_governance'] });
  assert.equal(isSubjectToDataIsolationRequirement(stateOnly), false);
  // Its own logs minimum is dedicated (R9), yet it sets no floor for the others.
  assert.equal(evaluateTenant(stateOnly, [stateOnly, CLAIMS_OPERATIONS]).minimums.logs, 'dedicated');
  assert.equal(evaluatePlatformFloor([stateOnly, CLAIMS_OPERATIONS]).logs.tier, 'namespace');
});

test('duplicate tenant ids are refused rather than resolved by input order', () => {
  const twin = { ...NORTHWIND_BANK, name: 'Northwind Bank (stale copy)', regimes: [] };
  const platform = [
    { profile: NORTHWIND_BANK, tiers: makeTiers('dedicated') },
    { profile: twin, tiers: makeTiers('namespace') },
  ];
  assert.throws(() => assessPlatform(platform), PolicyInputError);
  assert.throws(() => evaluateTenant(CLAIMS_OPERATIONS, [NORTHWIND_BANK, twin]), PolicyInputError);
});
