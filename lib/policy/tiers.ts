import { TIERS, type Tier } from './types';

/**
 * Orders two tiers by strength.
 * @returns a negative number when `a` is weaker than `b`, 0 when equal, positive when stronger.
 */
export function compareTiers(a: Tier, b: Tier): number {
  return TIERS.indexOf(a) - TIERS.indexOf(b);
}

/** True when `tier` gives at least the isolation of `required`. */
export function isTierAtLeast(tier: Tier, required: Tier): boolean {
  return compareTiers(tier, required) >= 0;
}

/** The strongest of the given tiers; `namespace` when none is given, since nothing then requires more. */
export function maxTier(...tiers: Tier[]): Tier {
  return tiers.reduce((strongest, tier) => (compareTiers(tier, strongest) > 0 ? tier : strongest), TIERS[0]);
}

/** The weakest of the given tiers (at least one: the weakest of nothing is undefined). */
export function minTier(first: Tier, ...rest: Tier[]): Tier {
  return rest.reduce((weakest, tier) => (compareTiers(tier, weakest) < 0 ? tier : weakest), first);
}
