import 'server-only';
import { isPlatformAdmin } from '@/lib/auth/principal';
import type { TenantAccess } from '@/lib/auth/tenant-access';
import { NotFoundError } from '@/lib/errors';
import { evaluatePlatformFloor, evaluateTenant, LAYERS, POLICY_RULES, type Layer, type LayerTiers, type Tier } from '@/lib/policy';
import { withPlatformAccess, withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { assessTenantCompliance, type LayerCompliance } from './assess-compliance';
import { loadPolicySnapshot, riskAcceptanceSelect, toLayerTiers, toTenantProfile, type PolicyTenantRow, type RiskAcceptanceRow } from './policy-snapshot';

export interface RuleExplanation {
  id: string;
  title: string;
  /** For platform admins the reason worded for this tenant; for everyone else the rule's general basis. */
  explanation: string;
}

export interface LayerPolicyView {
  current: Tier;
  minimum: Tier;
  rules: RuleExplanation[];
  compliance: LayerCompliance<RiskAcceptanceRow>;
}

export interface TenantPolicyView {
  tenant: PolicyTenantRow;
  tiers: LayerTiers;
  layers: Record<Layer, LayerPolicyView>;
  isCompliant: boolean;
  /** Platform admins only (it names the regulated tenants that set it). */
  floor: Record<Layer, { tier: Tier; reason: string }> | null;
  /** Every acceptance this tenant has had, newest first, revoked ones included. */
  acceptances: RiskAcceptanceRow[];
}

const ruleBasis = new Map(POLICY_RULES.map((rule) => [rule.id, rule.basis]));

/**
 * A tenant's classification, minimums, compliance and risk acceptances for its settings page.
 * Minimums depend on the other tenants (rule R3 compares classifications), so the evaluation reads
 * every tenant: through the platform path for platform admins, otherwise as a system read whose
 * result carries nothing about other tenants (reasons that would name them are replaced by the
 * rule's general basis, and the floor is left out).
 * The caller must have authorized `access` (requireTenantPageAccess).
 */
export async function getTenantPolicyView(access: TenantAccess, options: { now?: Date } = {}): Promise<TenantPolicyView> {
  const now = options.now ?? new Date();
  const isAdmin = isPlatformAdmin(access.principal);
  const snapshot = isAdmin
    ? await withPlatformAccess(access.principal, loadPolicySnapshot)
    : await withPlatformSystemAccess('evaluate the isolation policy for one tenant the viewer may see', loadPolicySnapshot);
  const tenant = snapshot.tenants.find((row) => row.id === access.tenant.id);
  if (!tenant) throw new NotFoundError();

  const profiles = snapshot.tenants.map(toTenantProfile);
  const requirement = evaluateTenant(toTenantProfile(tenant), profiles);
  const tiers = toLayerTiers(tenant);
  const openAcceptances = snapshot.openAcceptances.filter((acceptance) => acceptance.tenantId === tenant.id);
  const compliance = assessTenantCompliance(tiers, requirement.minimums, openAcceptances, now);
  const floor = isAdmin ? evaluatePlatformFloor(profiles) : null;
  // The tenant's own rows, read under its own RLS context like any tenant data.
  const acceptances = await withTenant(tenant.id, (tx) =>
    tx.riskAcceptance.findMany({ where: { tenantId: tenant.id }, select: riskAcceptanceSelect, orderBy: { acceptedAt: 'desc' } }),
  );

  return {
    tenant,
    tiers,
    layers: Object.fromEntries(
      LAYERS.map((layer): [Layer, LayerPolicyView] => [
        layer,
        {
          current: tiers[layer],
          minimum: requirement.minimums[layer],
          rules: requirement.layers[layer].rules.map(({ id, title, reason }) => ({
            id,
            title,
            explanation: isAdmin ? reason : (ruleBasis.get(id) ?? title),
          })),
          compliance: compliance.layers[layer],
        },
      ]),
    ) as Record<Layer, LayerPolicyView>,
    isCompliant: compliance.isCompliant,
    floor: floor && (Object.fromEntries(LAYERS.map((layer) => [layer, { tier: floor[layer].tier, reason: floor[layer].reason }])) as TenantPolicyView['floor']),
    acceptances,
  };
}
