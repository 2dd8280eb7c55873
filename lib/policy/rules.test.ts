// One test per rule: the side where it fires and the side where it does not.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateTenant } from './evaluate-tenant';
import { CLAIMS_OPERATIONS, UNDERWRITING, makeProfile, makeTiers } from './test-fixtures';
import type { TenantProfile } from './types';

function findRuleIds(tenant: TenantProfile, platform: TenantProfile[] = [tenant]): string[] {
  return evaluateTenant(tenant, platform).hits.map((hit) => hit.id);
}

function findReason(tenant: TenantProfile, platform: TenantProfile[], ruleId: string): string {
  const hit = evaluateTenant(tenant, platform).hits.find((candidate) => candidate.id === ruleId);
  assert.ok(hit, `${ruleId} should fire`);
  return hit.reason;
}

const external = (fields: Partial<TenantProfile> = {}) =>
  makeProfile({ id: 'tenant-external', name: 'Contoso', kind: 'external_client', dataClasses: ['pii'], ...fields });
const internal = (fields: Partial<TenantProfile> = {}) => makeProfile({ id: 'tenant-internal', name: 'Legal', dataClasses: ['pii'], ...fields });

describe('R1-namespace-eligibility', () => {
  test('fires for a low-threat internal department sharing its classification, and namespace is then enough', () => {
    const requirement = evaluateTenant(CLAIMS_OPERATIONS, [CLAIMS_OPERATIONS, UNDERWRITING]);
    assert.deepEqual(requirement.minimums, makeTiers('namespace'));
    assert.deepEqual(
      requirement.layers.prompt.rules.map((rule) => rule.id),
      ['R1-namespace-eligibility'],
    );
    assert.match(requirement.layers.prompt.rules[0].reason, /same data classification \(PII\) as every other tenant/);
  });

  test('says so when the tenant is alone on the platform', () => {
    assert.match(findReason(CLAIMS_OPERATIONS, [CLAIMS_OPERATIONS], 'R1-namespace-eligibility'), /only tenant/);
  });

  test('does not fire for an external client, an adversarial department or a distinct classification', () => {
    const financeDepartment = internal({ id: 'finance', name: 'Finance', dataClasses: ['financial'] });
    for (const [tenant, platform] of [
      [external(), [external(), UNDERWRITING]],
      [internal({ adversarial: true }), [internal({ adversarial: true }), UNDERWRITING]],
      [financeDepartment, [financeDepartment, UNDERWRITING]],
    ] as const) {
      assert.ok(!findRuleIds(tenant, [...platform]).includes('R1-namespace-eligibility'), tenant.name);
      assert.deepEqual(evaluateTenant(tenant, [...platform]).minimums, makeTiers('schema_kms'), tenant.name);
    }
  });
});

describe('R2-adversarial-internal', () => {
  test('fires for an adversarial internal department', () => {
    assert.ok(findRuleIds(internal({ adversarial: true })).includes('R2-adversarial-internal'));
  });
  test('does not fire for a low-threat department nor for an adversarial external client', () => {
    assert.ok(!findRuleIds(internal()).includes('R2-adversarial-internal'));
    assert.ok(!findRuleIds(external({ adversarial: true })).includes('R2-adversarial-internal'));
  });
});

describe('R3-distinct-classification', () => {
  const finance = internal({ id: 'finance', name: 'Finance', dataClasses: ['financial'] });

  test('fires on both tenants and names the other one with its classification', () => {
    const platform = [CLAIMS_OPERATIONS, finance];
    assert.match(findReason(CLAIMS_OPERATIONS, platform, 'R3-distinct-classification'), /from Finance \(financial account data\)/);
    assert.match(findReason(finance, platform, 'R3-distinct-classification'), /from Claims Operations \(PII\)/);
  });

  test('treats "no classified data" as a classification of its own', () => {
    const unclassified = internal({ id: 'facilities', name: 'Facilities', dataClasses: [] });
    assert.ok(findRuleIds(unclassified, [unclassified, CLAIMS_OPERATIONS]).includes('R3-distinct-classification'));
  });

  test('does not fire when the sets match, whatever their order or repeats', () => {
    const a = internal({ id: 'a', name: 'A', dataClasses: ['financial', 'pii'] });
    const b = internal({ id: 'b', name: 'B', dataClasses: ['pii', 'financial', 'pii'] });
    assert.ok(!findRuleIds(a, [a, b]).includes('R3-distinct-classification'));
  });

  test('names at most three others and counts the rest', () => {
    const others = ['V', 'W', 'X', 'Y', 'Z'].map((name) => internal({ id: name, name, dataClasses: ['phi'] }));
    const reason = findReason(CLAIMS_OPERATIONS, [CLAIMS_OPERATIONS, ...others], 'R3-distinct-classification');
    assert.match(reason, /from V \(PHI\), W \(PHI\), X \(PHI\) and 2 others/);
  });
});

describe('R4-external-client', () => {
  test('fires for an external client, not for an internal department', () => {
    assert.ok(findRuleIds(external()).includes('R4-external-client'));
    assert.ok(!findRuleIds(internal()).includes('R4-external-client'));
  });
});

describe('R5-external-own-dpa', () => {
  test('fires for an external client with its own DPA and quotes its regulatory posture', () => {
    const client = external({ hasOwnDpa: true, regimes: ['state_data_governance'] });
    assert.deepEqual(evaluateTenant(client, [client]).minimums, makeTiers('dedicated'));
    assert.match(findReason(client, [client], 'R5-external-own-dpa'), /regulatory posture \(state data governance\)/);
  });
  test('does not fire without a DPA, nor for an internal department marked with one', () => {
    assert.ok(!findRuleIds(external()).includes('R5-external-own-dpa'));
    assert.ok(!findRuleIds(internal({ hasOwnDpa: true })).includes('R5-external-own-dpa'));
    assert.deepEqual(evaluateTenant(internal({ hasOwnDpa: true }), []).minimums, makeTiers('namespace'));
  });
});

describe('R6-external-adversarial', () => {
  test('fires for an adversarial external client, which then needs dedicated everywhere', () => {
    const client = external({ adversarial: true });
    assert.ok(findRuleIds(client).includes('R6-external-adversarial'));
    assert.deepEqual(evaluateTenant(client, [client]).minimums, makeTiers('dedicated'));
  });
  test('does not fire for a low-threat external client', () => {
    assert.ok(!findRuleIds(external()).includes('R6-external-adversarial'));
  });
});

describe('R7-fedramp-separation', () => {
  test('puts a FedRAMP tenant on dedicated on every layer, even an internal department', () => {
    const agency = internal({ regimes: ['fedramp'] });
    assert.ok(findRuleIds(agency).includes('R7-fedramp-separation'));
    assert.deepEqual(evaluateTenant(agency, [agency]).minimums, makeTiers('dedicated'));
  });
  test('does not fire without FedRAMP', () => {
    assert.ok(!findRuleIds(external({ regimes: ['occ_heightened'] })).includes('R7-fedramp-separation'));
  });
});

describe('R8-hipaa-phi', () => {
  test('fires for PHI under a HIPAA BAA', () => {
    const clinic = external({ dataClasses: ['phi'], regimes: ['hipaa_baa'] });
    assert.ok(findRuleIds(clinic).includes('R8-hipaa-phi'));
    assert.deepEqual(evaluateTenant(clinic, [clinic]).minimums, makeTiers('dedicated'));
  });
  test('does not fire for PHI without a BAA', () => {
    const ownClinic = internal({ dataClasses: ['phi'] });
    assert.ok(!findRuleIds(ownClinic).includes('R8-hipaa-phi'));
    assert.deepEqual(evaluateTenant(ownClinic, [ownClinic]).minimums, makeTiers('namespace'));
  });
});

describe('R9-regulatory-audit-logs', () => {
  test('gives each audit regime a dedicated log store and leaves the other layers alone', () => {
    for (const regime of ['occ_heightened', 'hipaa_baa', 'state_data_governance'] as const) {
      const tenant = internal({ dataClasses: ['phi'], regimes: [regime] });
      const requirement = evaluateTenant(tenant, [tenant]);
      assert.ok(
        requirement.layers.logs.rules.some((rule) => rule.id === 'R9-regulatory-audit-logs'),
        regime,
      );
      assert.equal(requirement.minimums.logs, 'dedicated', regime);
    }
    const stateAgency = internal({ regimes: ['state_data_governance'] });
    assert.deepEqual(evaluateTenant(stateAgency, [stateAgency]).minimums, {
      prompt: 'namespace',
      retrieval: 'namespace',
      logs: 'dedicated',
    });
  });
  test('does not fire without an audit regime (FedRAMP is covered by R7)', () => {
    assert.ok(!findRuleIds(internal()).includes('R9-regulatory-audit-logs'));
    assert.ok(!findRuleIds(internal({ regimes: ['fedramp'] })).includes('R9-regulatory-audit-logs'));
  });
});

describe('X1-cui (extension)', () => {
  test('treats CUI as FedRAMP data: dedicated on every layer', () => {
    const contractor = internal({ dataClasses: ['cui'] });
    assert.ok(findRuleIds(contractor).includes('X1-cui'));
    assert.deepEqual(evaluateTenant(contractor, [contractor]).minimums, makeTiers('dedicated'));
  });
  test('does not fire without CUI', () => {
    assert.ok(!findRuleIds(internal()).includes('X1-cui'));
  });
});

describe('X2-privileged (extension)', () => {
  test('needs schema + KMS even when every tenant holds privileged material', () => {
    const a = internal({ id: 'a', name: 'Litigation', dataClasses: ['privileged'] });
    const b = internal({ id: 'b', name: 'Employment Law', dataClasses: ['privileged'] });
    assert.ok(!findRuleIds(a, [a, b]).includes('R3-distinct-classification'));
    assert.deepEqual(
      evaluateTenant(a, [a, b]).layers.prompt.rules.map((rule) => rule.id),
      ['X2-privileged'],
    );
    assert.deepEqual(evaluateTenant(a, [a, b]).minimums, makeTiers('schema_kms'));
  });
  test('does not fire without privileged material', () => {
    assert.ok(!findRuleIds(internal()).includes('X2-privileged'));
  });
});

describe('X3-hipaa-baa-presumed-phi (extension)', () => {
  test('treats a BAA without declared PHI as PHI', () => {
    const associate = internal({ regimes: ['hipaa_baa'] });
    assert.ok(findRuleIds(associate).includes('X3-hipaa-baa-presumed-phi'));
    assert.deepEqual(evaluateTenant(associate, [associate]).minimums, makeTiers('dedicated'));
  });
  test('stays silent when PHI is declared (R8 speaks) or there is no BAA', () => {
    assert.ok(!findRuleIds(internal({ dataClasses: ['phi'], regimes: ['hipaa_baa'] })).includes('X3-hipaa-baa-presumed-phi'));
    assert.ok(!findRuleIds(internal({ dataClasses: ['phi'] })).includes('X3-hipaa-baa-presumed-phi'));
  });
});
