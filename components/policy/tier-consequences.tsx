import { TIER_CONSEQUENCES, type Tier } from '@/lib/policy';

/** What a tier means for isolation, cost and latency (the trade-off shown next to every tier choice). */
export function TierConsequences({ tier }: { tier: Tier }) {
  const { isolation, cost, latency } = TIER_CONSEQUENCES[tier];
  return (
    <dl className="grid grid-cols-[5rem_1fr] gap-x-2 gap-y-0.5 text-xs text-slate-600">
      <dt className="font-medium text-slate-500">Isolation</dt>
      <dd>{isolation}</dd>
      <dt className="font-medium text-slate-500">Cost</dt>
      <dd>{cost}</dd>
      <dt className="font-medium text-slate-500">Latency</dt>
      <dd>{latency}</dd>
    </dl>
  );
}
