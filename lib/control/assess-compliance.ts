import 'server-only';
import { isTierAtLeast, LAYERS, type Layer, type LayerTiers, type Tier } from '@/lib/policy';

/** The facts of a risk acceptance that decide whether it still covers a layer. */
export interface AcceptanceFacts {
  id: string;
  layer: Layer;
  acceptedTier: Tier;
  requiredTier: Tier;
  expiresAt: Date;
  revokedAt: Date | null;
}

/**
 * Why a layer below its minimum is not covered: nothing was accepted, what was accepted has expired,
 * or it accepted a smaller gap than today's (a weaker tier, or a minimum that has since risen).
 */
export type CoverageProblem = 'no_acceptance' | 'acceptance_expired' | 'acceptance_too_narrow';

export type LayerCompliance<A extends AcceptanceFacts = AcceptanceFacts> = {
  layer: Layer;
  current: Tier;
  minimum: Tier;
} & (
  | { status: 'meets_minimum'; acceptance: null; problem: null }
  | { status: 'risk_accepted'; acceptance: A; problem: null }
  | { status: 'below_minimum'; acceptance: A | null; problem: CoverageProblem }
);

export interface TenantCompliance<A extends AcceptanceFacts = AcceptanceFacts> {
  /** False when any layer runs below its minimum without an unexpired acceptance covering the gap. */
  isCompliant: boolean;
  layers: Record<Layer, LayerCompliance<A>>;
}

export function isAcceptanceExpired(acceptance: Pick<AcceptanceFacts, 'expiresAt'>, now: Date): boolean {
  return acceptance.expiresAt.getTime() <= now.getTime();
}

/** True when the acceptance was for at most this gap: the tier is no weaker and the minimum no stronger than accepted. */
export function isAcceptanceCovering(acceptance: AcceptanceFacts, current: Tier, minimum: Tier): boolean {
  return isTierAtLeast(current, acceptance.acceptedTier) && isTierAtLeast(acceptance.requiredTier, minimum);
}

/**
 * Decides, layer by layer, whether a tenant's current tiers meet its minimums or are covered by a
 * risk acceptance. Revoked acceptances and those of other layers are ignored.
 */
export function assessTenantCompliance<A extends AcceptanceFacts>(
  tiers: LayerTiers,
  minimums: LayerTiers,
  acceptances: readonly A[],
  now: Date,
): TenantCompliance<A> {
  const layers = Object.fromEntries(
    LAYERS.map((layer) => {
      const open = acceptances.filter((acceptance) => acceptance.layer === layer && acceptance.revokedAt === null);
      return [layer, assessLayer(layer, tiers[layer], minimums[layer], open, now)];
    }),
  ) as Record<Layer, LayerCompliance<A>>;
  return { isCompliant: LAYERS.every((layer) => layers[layer].status !== 'below_minimum'), layers };
}

function assessLayer<A extends AcceptanceFacts>(layer: Layer, current: Tier, minimum: Tier, open: readonly A[], now: Date): LayerCompliance<A> {
  const base = { layer, current, minimum };
  if (isTierAtLeast(current, minimum)) return { ...base, status: 'meets_minimum', acceptance: null, problem: null };

  const covering = open.filter((acceptance) => isAcceptanceCovering(acceptance, current, minimum));
  const valid = covering.find((acceptance) => !isAcceptanceExpired(acceptance, now));
  if (valid) return { ...base, status: 'risk_accepted', acceptance: valid, problem: null };
  if (covering.length > 0) return { ...base, status: 'below_minimum', acceptance: covering[0], problem: 'acceptance_expired' };
  if (open.length > 0) return { ...base, status: 'below_minimum', acceptance: open[0], problem: 'acceptance_too_narrow' };
  return { ...base, status: 'below_minimum', acceptance: null, problem: 'no_acceptance' };
}
