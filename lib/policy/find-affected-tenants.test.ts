import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findAffectedTenants } from './find-affected-tenants';
import { CLAIMS_OPERATIONS, DEMO_TENANTS, FEDRAMP_AGENCY, NORTHWIND_BANK, ST_ELM_HEALTH, UNDERWRITING } from './test-fixtures';
import type { TenantProfile } from './types';

const replace = (platform: readonly TenantProfile[], updated: TenantProfile) => platform.map((profile) => (profile.id === updated.id ? updated : profile));

test('an unchanged platform, or a rename, affects nobody', () => {
  assert.deepEqual(findAffectedTenants(DEMO_TENANTS, DEMO_TENANTS), { tenants: [], floor: [] });
  const renamed = replace(DEMO_TENANTS, { ...CLAIMS_OPERATIONS, name: 'Claims Ops' });
  assert.deepEqual(findAffectedTenants(DEMO_TENANTS, renamed), { tenants: [], floor: [] });
});

test('Northwind signing its own DPA raises only its own prompt and retrieval minimums', () => {
  const result = findAffectedTenants(DEMO_TENANTS, replace(DEMO_TENANTS, { ...NORTHWIND_BANK, hasOwnDpa: true }));
  assert.equal(result.tenants.length, 1);
  assert.equal(result.tenants[0].status, 'changed');
  assert.deepEqual(
    result.tenants[0].changes.map(({ layer, before, after }) => ({ layer, before, after })),
    [
      { layer: 'prompt', before: 'schema_kms', after: 'dedicated' },
      { layer: 'retrieval', before: 'schema_kms', after: 'dedicated' },
    ],
  );
  assert.deepEqual(
    result.tenants[0].changes[0].rulesAfter.map((rule) => rule.id),
    ['R5-external-own-dpa'],
  );
  assert.deepEqual(result.floor, []); // St. Elm already holds the floor at dedicated
});

test('St. Elm dropping its BAA lowers its minimums and the floor on prompt and retrieval', () => {
  const result = findAffectedTenants(DEMO_TENANTS, replace(DEMO_TENANTS, { ...ST_ELM_HEALTH, regimes: [] }));
  assert.deepEqual(
    result.tenants.map(({ tenant, changes }) => [tenant.name, changes.map((change) => change.after)]),
    [['St. Elm Health', ['schema_kms', 'schema_kms', 'schema_kms']]],
  );
  assert.deepEqual(result.floor, [
    { layer: 'prompt', before: 'dedicated', after: 'schema_kms' },
    { layer: 'retrieval', before: 'dedicated', after: 'schema_kms' },
  ]);
});

test('a tenant joining reports itself as added and the departments it lifts', () => {
  const before = [CLAIMS_OPERATIONS, UNDERWRITING];
  const result = findAffectedTenants(before, [...before, FEDRAMP_AGENCY]);
  assert.deepEqual(
    result.tenants.map(({ tenant, status }) => [tenant.name, status]),
    [
      ['Claims Operations', 'changed'],
      ['Federal Benefits Agency', 'added'],
      ['Underwriting', 'changed'],
    ],
  );
  assert.deepEqual(
    result.tenants[1].changes.map(({ before: old, after }) => [old, after]),
    [
      [null, 'dedicated'],
      [null, 'dedicated'],
      [null, 'dedicated'],
    ],
  );
  assert.deepEqual(
    result.floor.map(({ before: old, after }) => [old, after]),
    [
      ['namespace', 'dedicated'],
      ['namespace', 'dedicated'],
      ['namespace', 'dedicated'],
    ],
  );
});

test('the last regulated tenant leaving reports it removed and the floor falling', () => {
  const before = [CLAIMS_OPERATIONS, NORTHWIND_BANK];
  const result = findAffectedTenants(before, [CLAIMS_OPERATIONS]);
  assert.deepEqual(
    result.tenants.map(({ tenant, status }) => [tenant.name, status]),
    [
      ['Claims Operations', 'changed'],
      ['Northwind Bank', 'removed'],
    ],
  );
  assert.deepEqual(result.tenants[1].changes[2], { layer: 'logs', before: 'dedicated', after: null, rulesAfter: [] });
  assert.deepEqual(result.floor, [
    { layer: 'prompt', before: 'schema_kms', after: 'namespace' },
    { layer: 'retrieval', before: 'schema_kms', after: 'namespace' },
    { layer: 'logs', before: 'dedicated', after: 'namespace' },
  ]);
});

test('the result does not depend on input order', () => {
  const after = replace(DEMO_TENANTS, { ...ST_ELM_HEALTH, regimes: [] });
  assert.deepEqual(findAffectedTenants([...DEMO_TENANTS].reverse(), [...after].reverse()), findAffectedTenants(DEMO_TENANTS, after));
});
