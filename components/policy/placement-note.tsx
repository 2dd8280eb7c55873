import { TIER_LABELS, type Tier } from '@/lib/policy';

/**
 * Where a layer's data actually lives today. Only the namespace tier is physically in effect until
 * placement provisioning exists; a stronger recorded tier is said to be recorded, not claimed as real.
 */
export function PlacementNote({ tier }: { tier: Tier }) {
  if (tier === 'namespace') {
    return <p className="text-xs text-slate-600">Placement: shared tables with row-level security (in effect).</p>;
  }
  return (
    <p className="text-xs text-amber-800">
      Placement: {TIER_LABELS[tier]} is the recorded tier; until placement provisioning arrives with the placement feature, this
      layer&apos;s data stays in the shared tables with row-level security.
    </p>
  );
}
