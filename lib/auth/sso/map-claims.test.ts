import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mapClaimsToTenantRoles, type ClaimMapping } from './map-claims';

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
