import { isPlatformAdmin, type Principal } from '@/lib/auth/principal';
import { evaluateTenant } from '@/lib/policy';
import { withPlatformAccess, withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { assessTenantCompliance } from './assess-compliance';
import { loadPolicySnapshot, toLayerTiers, toTenantProfile } from './policy-snapshot';

/**
 * Whether each of the given tenants is compliant (every layer at its minimum or covered by an
 * unexpired risk acceptance), for the tenant list's badges. Answers only for tenants the principal
 * may see: all for a platform admin, otherwise those its grants name; other ids are left out.
 */
export async function findTenantCompliance(
  principal: Principal,
  tenantIds: readonly string[],
  options: { now?: Date } = {},
): Promise<Map<string, boolean>> {
  const now = options.now ?? new Date();
  const visible = isPlatformAdmin(principal)
    ? new Set(tenantIds)
    : new Set(tenantIds.filter((id) => principal.grants.some((grant) => grant.tenantId === id)));
  if (visible.size === 0) return new Map();

  // Minimums depend on every tenant's classification; only booleans for visible tenants leave here.
  const snapshot = isPlatformAdmin(principal)
    ? await withPlatformAccess(principal, loadPolicySnapshot)
    : await withPlatformSystemAccess('evaluate isolation compliance of the tenants the viewer may see', loadPolicySnapshot);
  const profiles = snapshot.tenants.map(toTenantProfile);

  const result = new Map<string, boolean>();
  for (const row of snapshot.tenants) {
    if (!visible.has(row.id)) continue;
    const { minimums } = evaluateTenant(toTenantProfile(row), profiles);
    const acceptances = snapshot.openAcceptances.filter((acceptance) => acceptance.tenantId === row.id);
    result.set(row.id, assessTenantCompliance(toLayerTiers(row), minimums, acceptances, now).isCompliant);
  }
  return result;
}
