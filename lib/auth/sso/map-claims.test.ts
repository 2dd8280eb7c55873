import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mapClaims, mapClaimsToTenantRoles, type ClaimMapping } from './map-claims';

const mappings: ClaimMapping[] = [
  { claim: 'groups', value: 'claims-team', tenantId: 'tenant-a', role: 'member' },
  { claim: 'groups', value: 'claims-leads', tenantId: 'tenant-a', role: 'admin' },
  { claim: 'department', value: 'banking', tenantId: 'tenant-b', role: 'member' },
];

describe('claim mapping', () => {
  test('an array claim holding a value grants its tenant role; the strongest role wins', () => {
    assert.deepEqual([...mapClaimsToTenantRoles({ groups: ['claims-team'] }, mappings)], [['tenant-a', 'member']]);
    assert.deepEqual([...mapClaimsToTenantRoles({ groups: ['claims-leads', 'claims-team'] }, mappings)], [['tenant-a', 'admin']]);
    assert.deepEqual([...mapClaimsToTenantRoles({ groups: ['claims-team', 'claims-leads'] }, mappings)], [['tenant-a', 'admin']]);
  });

  test('a string claim must equal the value; anything else maps to nothing', () => {
    assert.deepEqual([...mapClaimsToTenantRoles({ department: 'banking' }, mappings)], [['tenant-b', 'member']]);
    assert.equal(mapClaimsToTenantRoles({ department: 'banking-ops' }, mappings).size, 0);
    assert.equal(mapClaimsToTenantRoles({ groups: 'claims-team-x' }, mappings).size, 0);
    assert.equal(mapClaimsToTenantRoles({ groups: [{ name: 'claims-team' }] }, mappings).size, 0);
    assert.equal(mapClaimsToTenantRoles({}, mappings).size, 0);
  });
});

describe('claim mapping to platform roles', () => {
  const platformRules: ClaimMapping[] = [
    ...mappings,
    { claim: 'groups', value: 'auditors', platformRole: 'compliance_officer', complianceTenantIds: ['tenant-a'] },
    { claim: 'groups', value: 'auditors-b', platformRole: 'compliance_officer', complianceTenantIds: ['tenant-b'] },
    { claim: 'groups', value: 'platform-ops', platformRole: 'platform_admin', complianceTenantIds: [] },
  ];

  test('a compliance rule grants its tenants; several give their union', () => {
    const single = mapClaims({ groups: ['auditors'] }, platformRules);
    assert.equal(single.platformRole, 'compliance_officer');
    assert.deepEqual([...single.complianceTenantIds], ['tenant-a']);
    assert.deepEqual([...mapClaims({ groups: ['auditors', 'auditors-b'] }, platformRules).complianceTenantIds].sort(), ['tenant-a', 'tenant-b']);
  });

  test('platform admin outranks compliance officer and carries no compliance tenants; no match grants no platform role', () => {
    const both = mapClaims({ groups: ['auditors', 'platform-ops', 'claims-team'] }, platformRules);
    assert.equal(both.platformRole, 'platform_admin');
    assert.equal(both.complianceTenantIds.size, 0);
    assert.deepEqual([...both.tenantRoles], [['tenant-a', 'member']]);
    assert.equal(mapClaims({ groups: ['platform-ops-x'], department: 'platform-ops' }, platformRules).platformRole, null);
  });
});
