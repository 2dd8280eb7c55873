import { evaluateTenant, type RuleHit, type TenantRequirement } from './evaluate-tenant';
import { describeRegimes, findRegimesAmong, hasDataClass, joinWords } from './rule-context';
import { assertUniqueTenantIds, compareTenants } from './tenant-order';
import { maxTier } from './tiers';
import { LAYERS, LAYER_LABELS, TIER_LABELS, type Layer, type Regime, type TenantProfile, type TenantRef, type Tier } from './types';

/** Regimes that carry a data-isolation requirement (isolation guidance: the floor rule). */
export const DATA_ISOLATION_REGIMES: readonly Regime[] = ['fedramp', 'hipaa_baa', 'occ_heightened'];

/** A regulated tenant whose own minimum on a layer is the floor there. */
export interface FloorSetter {
  tenant: TenantRef;
  /** Why it counts as regulated, e.g. "HIPAA BAA" or "FedRAMP and CUI data". */
  requirement: string;
  /** The rules that set its minimum on this layer. */
  rules: RuleHit[];
}

/** The floor on one layer: the tier every tenant must reach for the platform to claim the regulated tenants' assurance. */
export interface LayerFloor {
  tier: Tier;
  setBy: FloorSetter[];
  /** One quotable line naming the tenants and rules that set the floor. */
  reason: string;
}

/** The floor on each layer. */
export type PlatformFloor = Record<Layer, LayerFloor>;

/**
 * True when the tenant is subject to a data-isolation requirement (FedRAMP, HIPAA BAA, OCC) and so sets
 * the floor for every tenant. Extension: CUI data counts too, being treated as FedRAMP data (rule X1).
 */
export function isSubjectToDataIsolationRequirement(tenant: TenantProfile): boolean {
  return findRegimesAmong(tenant, DATA_ISOLATION_REGIMES).length > 0 || hasDataClass(tenant, 'cui');
}

/**
 * The platform floor per layer: the strongest minimum among regulated tenants. It does not raise any other
 * tenant's own minimum; a tenant below it lowers the assurance the platform can claim for all.
 * @throws PolicyInputError when two profiles share an id
 */
export function evaluatePlatformFloor(profiles: readonly TenantProfile[]): PlatformFloor {
  return buildPlatformFloor(profiles.map((profile) => ({ profile, requirement: evaluateTenant(profile, profiles) })));
}

/** Builds the floor from tenants already evaluated against the same platform (saves evaluating twice). */
export function buildPlatformFloor(evaluated: readonly { profile: TenantProfile; requirement: TenantRequirement }[]): PlatformFloor {
  assertUniqueTenantIds(evaluated.map(({ profile }) => profile));
  const regulated = evaluated.filter(({ profile }) => isSubjectToDataIsolationRequirement(profile)).sort((a, b) => compareTenants(a.profile, b.profile));

  return Object.fromEntries(
    LAYERS.map((layer) => {
      const tier = maxTier(...regulated.map(({ requirement }) => requirement.minimums[layer]));
      const setBy = regulated
        .filter(({ requirement }) => requirement.minimums[layer] === tier)
        .map(({ profile, requirement }) => ({
          tenant: requirement.tenant,
          requirement: describeRequirement(profile),
          rules: requirement.layers[layer].rules,
        }));
      return [layer, { tier, setBy, reason: describeFloor(layer, tier, setBy) }];
    }),
  ) as PlatformFloor;
}

function describeRequirement(profile: TenantProfile): string {
  const regimes = findRegimesAmong(profile, DATA_ISOLATION_REGIMES);
  const parts = regimes.length > 0 ? [describeRegimes(regimes)] : [];
  if (hasDataClass(profile, 'cui')) parts.push('CUI data');
  return parts.join(' and ');
}

function describeFloor(layer: Layer, tier: Tier, setBy: readonly FloorSetter[]): string {
  if (setBy.length === 0) {
    return (
      'No tenant is subject to a data-isolation requirement (FedRAMP, HIPAA BAA, OCC Heightened Standards or CUI data), ' +
      'so there is no floor above namespace.'
    );
  }
  const setters = setBy.map(({ tenant, requirement, rules }) => `${tenant.name} (${requirement}; ${rules.map((rule) => rule.id).join(', ')})`);
  const where = `${TIER_LABELS[tier]} on ${LAYER_LABELS[layer].toLowerCase()}`;
  return `${where}, set by ${joinWords(setters)}: any tenant below it lowers the assurance the platform can claim for all.`;
}
