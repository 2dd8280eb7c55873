import { evaluateTenant, type RuleHit, type TenantRequirement } from './evaluate-tenant';
import { buildPlatformFloor } from './platform-floor';
import { compareTenants } from './tenant-order';
import { LAYERS, type Layer, type TenantProfile, type TenantRef, type Tier } from './types';

/** One layer whose minimum moves. `null` means the tenant is not on the platform on that side. */
export interface MinimumChange {
  layer: Layer;
  before: Tier | null;
  after: Tier | null;
  /** The rules that set the new minimum (empty when the tenant leaves). */
  rulesAfter: RuleHit[];
}

/** A tenant whose minimum moves, or which joins or leaves. */
export interface AffectedTenant {
  tenant: TenantRef;
  status: 'added' | 'removed' | 'changed';
  changes: MinimumChange[];
}

/** A layer whose platform floor moves. */
export interface FloorChange {
  layer: Layer;
  before: Tier;
  after: Tier;
}

/** What the console shows before saving a profile change. */
export interface AffectedTenants {
  /** Tenants whose minimum moves on at least one layer, plus tenants added or removed, sorted by name. */
  tenants: AffectedTenant[];
  floor: FloorChange[];
}

/**
 * What a profile change would do before it is saved: whose minimums move and whether the floor moves.
 * Tenants are matched by id across `before` and `after`.
 * @throws PolicyInputError when either list has an id twice
 */
export function findAffectedTenants(before: readonly TenantProfile[], after: readonly TenantProfile[]): AffectedTenants {
  const beforeById = evaluateAll(before);
  const afterById = evaluateAll(after);
  const ids = new Set([...beforeById.keys(), ...afterById.keys()]);

  const tenants: AffectedTenant[] = [];
  for (const id of ids) {
    const old = beforeById.get(id)?.requirement;
    const updated = afterById.get(id)?.requirement;
    const changes = LAYERS.filter((layer) => old?.minimums[layer] !== updated?.minimums[layer]).map((layer) => ({
      layer,
      before: old?.minimums[layer] ?? null,
      after: updated?.minimums[layer] ?? null,
      rulesAfter: updated?.layers[layer].rules ?? [],
    }));
    if (changes.length === 0) continue;
    const status = !old ? 'added' : !updated ? 'removed' : 'changed';
    tenants.push({ tenant: (updated ?? old)!.tenant, status, changes });
  }

  const floorBefore = buildPlatformFloor([...beforeById.values()]);
  const floorAfter = buildPlatformFloor([...afterById.values()]);
  return {
    tenants: tenants.sort((a, b) => compareTenants(a.tenant, b.tenant)),
    floor: LAYERS.filter((layer) => floorBefore[layer].tier !== floorAfter[layer].tier).map((layer) => ({
      layer,
      before: floorBefore[layer].tier,
      after: floorAfter[layer].tier,
    })),
  };
}

type Evaluated = { profile: TenantProfile; requirement: TenantRequirement };

function evaluateAll(profiles: readonly TenantProfile[]): Map<string, Evaluated> {
  return new Map(profiles.map((profile) => [profile.id, { profile, requirement: evaluateTenant(profile, profiles) }]));
}
