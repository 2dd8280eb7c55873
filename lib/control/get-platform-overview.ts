import 'server-only';
import type { Principal } from '@/lib/auth/principal';
import { assessPlatform, POLICY_RULES, type PlatformAssessment, type PolicyRule } from '@/lib/policy';
import { withPlatformAccess } from '@/lib/tenancy/platform';
import { assessTenantCompliance, isAcceptanceExpired, type TenantCompliance } from './assess-compliance';
import { loadPolicySnapshot, toLayerTiers, toTenantsWithTiers, type PolicyTenantRow, type RiskAcceptanceRow } from './policy-snapshot';

export interface OverviewAcceptance extends RiskAcceptanceRow {
  tenant: Pick<PolicyTenantRow, 'id' | 'slug' | 'name'>;
}

export interface PlatformOverview {
  assessment: PlatformAssessment;
  /** Slugs by tenant id, so the page can link the tenants the assessment names. */
  slugs: Record<string, string>;
  compliance: Record<string, TenantCompliance<RiskAcceptanceRow>>;
  /** Unrevoked and unexpired, soonest expiry first. */
  openAcceptances: OverviewAcceptance[];
  /** Unrevoked but past their expiry: each one that still covers a gap makes its tenant non-compliant. */
  expiredAcceptances: OverviewAcceptance[];
  rules: Omit<PolicyRule, 'applies' | 'reason'>[];
}

/**
 * Everything the platform page shows: floor, claimable assurance, tenants below the floor and below
 * their own minimum, compliance per tenant, open and expired risk acceptances, and the rule table.
 * @throws ForbiddenError unless the principal is a platform admin
 */
export async function getPlatformOverview(principal: Principal, options: { now?: Date } = {}): Promise<PlatformOverview> {
  const now = options.now ?? new Date();
  const snapshot = await withPlatformAccess(principal, loadPolicySnapshot);
  const assessment = assessPlatform(toTenantsWithTiers(snapshot.tenants));
  const tenantsById = new Map(snapshot.tenants.map((row) => [row.id, row]));

  const compliance = Object.fromEntries(
    assessment.requirements.map(({ tenant, minimums }) => {
      const row = tenantsById.get(tenant.id)!;
      const acceptances = snapshot.openAcceptances.filter((acceptance) => acceptance.tenantId === tenant.id);
      return [tenant.id, assessTenantCompliance(toLayerTiers(row), minimums, acceptances, now)];
    }),
  );
  const attachTenant = (acceptance: RiskAcceptanceRow): OverviewAcceptance => {
    const { id, slug, name } = tenantsById.get(acceptance.tenantId)!;
    return { ...acceptance, tenant: { id, slug, name } };
  };
  const byExpiry = (a: RiskAcceptanceRow, b: RiskAcceptanceRow) => a.expiresAt.getTime() - b.expiresAt.getTime();

  return {
    assessment,
    slugs: Object.fromEntries(snapshot.tenants.map((row) => [row.id, row.slug])),
    compliance,
    openAcceptances: snapshot.openAcceptances
      .filter((a) => !isAcceptanceExpired(a, now))
      .sort(byExpiry)
      .map(attachTenant),
    expiredAcceptances: snapshot.openAcceptances
      .filter((a) => isAcceptanceExpired(a, now))
      .sort(byExpiry)
      .map(attachTenant),
    rules: POLICY_RULES.map(({ id, title, source, basis, layers, tier }) => ({ id, title, source, basis, layers, tier })),
  };
}
