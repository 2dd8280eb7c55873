import { evaluateTenant, type TenantRequirement } from './evaluate-tenant';
import { buildPlatformFloor, type PlatformFloor } from './platform-floor';
import { assertUniqueTenantIds, compareTenants, toTenantRef } from './tenant-order';
import { compareTiers, isTierAtLeast, minTier } from './tiers';
import { LAYERS, type Layer, type LayerTiers, type TenantProfile, type TenantRef, type Tier } from './types';

/** A tenant's profile with the tiers it currently runs at. */
export interface TenantWithTiers {
  profile: TenantProfile;
  tiers: LayerTiers;
}

/** The assurance the platform can claim on a layer: the weakest current tier across all tenants. */
export interface LayerAssurance {
  /** Null when the platform has no tenants: there is nothing to claim. */
  tier: Tier | null;
  /** The tenants running at that weakest tier. */
  limitedBy: TenantRef[];
  /** True when the claimable tier reaches the floor (or there are no tenants). */
  isFloorMet: boolean;
}

/** A layer where a tenant runs below what is required of it. */
export interface LayerShortfall {
  layer: Layer;
  current: Tier;
  required: Tier;
}

/** A tenant and the layers where it falls short. */
export interface TenantShortfall {
  tenant: TenantRef;
  layers: LayerShortfall[];
}

/** The platform-wide view the console's overview and compliance screens render. */
export interface PlatformAssessment {
  /** Each tenant's own minimums and the rules behind them, sorted by name. */
  requirements: TenantRequirement[];
  floor: PlatformFloor;
  assurance: Record<Layer, LayerAssurance>;
  /** Tenants whose current tier is below the platform floor on some layer. */
  belowFloor: TenantShortfall[];
  /** Tenants whose current tier is below their own minimum on some layer (refused unless a risk is accepted). */
  belowMinimum: TenantShortfall[];
}

/**
 * Assesses the whole platform: each tenant's minimums, the floor set by regulated tenants, the assurance
 * the platform can claim per layer, and the tenants below the floor or below their own minimum.
 * Pass active tenants only. Results do not depend on input order.
 * @throws PolicyInputError when two tenants share an id
 */
export function assessPlatform(tenants: readonly TenantWithTiers[]): PlatformAssessment {
  const profiles = tenants.map(({ profile }) => profile);
  assertUniqueTenantIds(profiles);
  const sorted = [...tenants].sort((a, b) => compareTenants(a.profile, b.profile));
  const evaluated = sorted.map(({ profile, tiers }) => ({ profile, tiers, requirement: evaluateTenant(profile, profiles) }));
  const floor = buildPlatformFloor(evaluated);

  return {
    requirements: evaluated.map(({ requirement }) => requirement),
    floor,
    assurance: Object.fromEntries(LAYERS.map((layer) => [layer, findLayerAssurance(sorted, layer, floor[layer].tier)])) as Record<Layer, LayerAssurance>,
    belowFloor: findShortfalls(evaluated, (_, layer) => floor[layer].tier),
    belowMinimum: findShortfalls(evaluated, ({ requirement }, layer) => requirement.minimums[layer]),
  };
}

function findLayerAssurance(sorted: readonly TenantWithTiers[], layer: Layer, floorTier: Tier): LayerAssurance {
  if (sorted.length === 0) return { tier: null, limitedBy: [], isFloorMet: true };
  const [first, ...rest] = sorted.map(({ tiers }) => tiers[layer]);
  const tier = minTier(first, ...rest);
  return {
    tier,
    limitedBy: sorted.filter(({ tiers }) => tiers[layer] === tier).map(({ profile }) => toTenantRef(profile)),
    isFloorMet: isTierAtLeast(tier, floorTier),
  };
}

type Evaluated = { profile: TenantProfile; tiers: LayerTiers; requirement: TenantRequirement };

function findShortfalls(evaluated: readonly Evaluated[], requiredTier: (tenant: Evaluated, layer: Layer) => Tier): TenantShortfall[] {
  return evaluated
    .map((tenant) => ({
      tenant: toTenantRef(tenant.profile),
      layers: LAYERS.filter((layer) => compareTiers(tenant.tiers[layer], requiredTier(tenant, layer)) < 0).map((layer) => ({
        layer,
        current: tenant.tiers[layer],
        required: requiredTier(tenant, layer),
      })),
    }))
    .filter(({ layers }) => layers.length > 0);
}
