import 'server-only';
import { LAYER_LABELS, LAYERS, TIER_LABELS, isTierAtLeast, type Layer, type LayerTiers, type TenantRequirement, type Tier } from '@/lib/policy';
import { UserFacingError } from '@/lib/errors';
import { isAcceptanceCovering, isAcceptanceExpired, type AcceptanceFacts } from './assess-compliance';

/** A layer the request would put below the tenant's minimum with nothing covering it. */
export interface TierRefusal {
  layer: Layer;
  requested: Tier;
  minimum: Tier;
  ruleIds: string[];
}

export interface AcceptanceToRecord {
  layer: Layer;
  acceptedTier: Tier;
  requiredTier: Tier;
  ruleIds: string[];
}

export interface TierChangePlan {
  refusals: TierRefusal[];
  acceptancesToRecord: AcceptanceToRecord[];
  /** Open acceptances no longer needed (the layer now meets its minimum) or superseded by a new one. */
  acceptancesToRevoke: { id: string; reason: 'no_longer_needed' | 'superseded' }[];
}

/**
 * Decides what a tier change does on each layer, given the minimums the server just computed:
 * - at or above the minimum: allowed; an open acceptance on that layer is no longer needed and is revoked;
 * - below, with a new risk acceptance in the request: allowed, recorded, superseding any open one;
 * - below, covered by an open unexpired acceptance: allowed as it is;
 * - below and changed by this request with nothing covering it: refused;
 * - below but unchanged: left alone (the tenant already shows as non-compliant; refusing would block
 *   changes to its other layers).
 */
export function planTierChange(input: {
  current: LayerTiers;
  requested: LayerTiers;
  requirement: Pick<TenantRequirement, 'minimums' | 'layers'>;
  openAcceptances: readonly AcceptanceFacts[];
  hasNewAcceptance: boolean;
  now: Date;
}): TierChangePlan {
  const plan: TierChangePlan = { refusals: [], acceptancesToRecord: [], acceptancesToRevoke: [] };
  for (const layer of LAYERS) {
    const requested = input.requested[layer];
    const minimum = input.requirement.minimums[layer];
    const ruleIds = input.requirement.layers[layer].rules.map((rule) => rule.id);
    const open = input.openAcceptances.filter((acceptance) => acceptance.layer === layer && acceptance.revokedAt === null);

    if (isTierAtLeast(requested, minimum)) {
      plan.acceptancesToRevoke.push(...open.map(({ id }) => ({ id, reason: 'no_longer_needed' as const })));
    } else if (input.hasNewAcceptance) {
      plan.acceptancesToRecord.push({ layer, acceptedTier: requested, requiredTier: minimum, ruleIds });
      plan.acceptancesToRevoke.push(...open.map(({ id }) => ({ id, reason: 'superseded' as const })));
    } else if (open.some((acceptance) => isAcceptanceCovering(acceptance, requested, minimum) && !isAcceptanceExpired(acceptance, input.now))) {
      continue;
    } else if (requested !== input.current[layer]) {
      plan.refusals.push({ layer, requested, minimum, ruleIds });
    }
  }
  return plan;
}

/** The refusal a platform admin sees: each layer, its minimum, the rules behind it, and the way through. */
export class TierBelowMinimumError extends UserFacingError {
  constructor(readonly refusals: readonly TierRefusal[]) {
    const layers = refusals.map(
      ({ layer, requested, minimum, ruleIds }) =>
        `${LAYER_LABELS[layer]} cannot run at ${TIER_LABELS[requested]}: this tenant's minimum there is ${TIER_LABELS[minimum]} (${ruleIds.join(', ')}).`,
    );
    super(`${layers.join(' ')} To go below the minimum, record a risk acceptance with a justification and an expiry date.`, 422);
    this.name = 'TierBelowMinimumError';
  }
}
