import 'server-only';
import { isPlatformAdmin, type Principal } from '@/lib/auth/principal';
import { evaluateTenant } from '@/lib/policy';
import { withPlatformAccess, withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { assessTenantCompliance } from './assess-compliance';
import { loadPolicySnapshot, toLayerTiers, toTenantProfile } from './policy-snapshot';

/** Where a tenant stands: every layer at its minimum, compliant only through a risk acceptance, or below a minimum uncovered. */
export type ComplianceStanding = 'compliant' | 'risk_accepted' | 'non_compliant';

/**
 * Whether each of the given tenants is compliant (every layer at its minimum or covered by an
 * unexpired risk acceptance). Answers only for tenants the principal may see: all for a platform
 * admin, otherwise those its grants name; other ids are left out.
 */
export async function findTenantCompliance(principal: Principal, tenantIds: readonly string[], options: { now?: Date } = {}): Promise<Map<string, boolean>> {
  const standings = await findTenantComplianceStanding(principal, tenantIds, options);
  return new Map([...standings].map(([id, standing]) => [id, standing !== 'non_compliant']));
}

/** As findTenantCompliance, telling apart a tenant that is compliant only under a risk acceptance (the tenant list's badges). */
export async function findTenantComplianceStanding(
  principal: Principal,
  tenantIds: readonly string[],
  options: { now?: Date } = {},
): Promise<Map<string, ComplianceStanding>> {
  const now = options.now ?? new Date();
  const visible = isPlatformAdmin(principal) ? new Set(tenantIds) : new Set(tenantIds.filter((id) => principal.grants.some((grant) => grant.tenantId === id)));
  if (visible.size === 0) return new Map();

  // Minimums depend on every tenant's classification; only booleans for visible tenants leave here.
  const snapshot = isPlatformAdmin(principal)
    ? await withPlatformAccess(principal, loadPolicySnapshot)
    : await withPlatformSystemAccess('evaluate isolation compliance of the tenants the viewer may see', loadPolicySnapshot);
  const profiles = snapshot.tenants.map(toTenantProfile);

  const result = new Map<string, ComplianceStanding>();
  for (const row of snapshot.tenants) {
    if (!visible.has(row.id)) continue;
    const { minimums } = evaluateTenant(toTenantProfile(row), profiles);
    const acceptances = snapshot.openAcceptances.filter((acceptance) => acceptance.tenantId === row.id);
    const assessed = assessTenantCompliance(toLayerTiers(row), minimums, acceptances, now);
    const isRiskAccepted = Object.values(assessed.layers).some((layer) => layer.status === 'risk_accepted');
    result.set(row.id, !assessed.isCompliant ? 'non_compliant' : isRiskAccepted ? 'risk_accepted' : 'compliant');
  }
  return result;
}
