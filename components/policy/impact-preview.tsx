'use client';

import { TierBadge } from '@/components/tier-badge';
import type { ProfilePreview } from '@/lib/control/preview-profile-change';
import { LAYERS, LAYER_LABELS, TIER_LABELS, type Tier } from '@/lib/policy';

function describeMove(before: Tier | null, after: Tier | null): string {
  if (before === null) return `joins at ${TIER_LABELS[after!]}`;
  if (after === null) return 'leaves';
  return `${TIER_LABELS[before]} → ${TIER_LABELS[after]}`;
}

/**
 * What saving the draft would do, before it is saved: the subject's required tiers and the rules
 * behind them, layers that would fall below the new minimum, other tenants whose minimum moves, and the floor.
 */
export function ImpactPreview({ preview, subjectId, error }: { preview: ProfilePreview | undefined; subjectId: string | null; error: Error | null }) {
  if (error)
    return (
      <p className="text-sm text-red-700" role="alert">
        The impact could not be computed: {error.message}
      </p>
    );
  if (!preview) return <p className="text-sm text-slate-500">Working out the required tiers…</p>;
  const others = preview.affected.tenants.filter(({ tenant, status }) => tenant.id !== subjectId && status !== 'added');
  // A rule usually sets all three layers: its reason is given at its first layer only.
  const firstLayerOfRule = new Map<string, string>();
  for (const layer of LAYERS) for (const rule of preview.layers[layer].rules) if (!firstLayerOfRule.has(rule.id)) firstLayerOfRule.set(rule.id, layer);

  return (
    <div className="space-y-4 text-sm" data-testid="impact-preview">
      <section>
        <h3 className="font-medium text-slate-900">Required tiers</h3>
        <ul className="mt-1 space-y-2">
          {LAYERS.map((layer) => (
            <li key={layer} data-testid={`preview-minimum-${layer}`} data-tier={preview.layers[layer].minimum}>
              <span className="font-medium">{LAYER_LABELS[layer]}</span> <TierBadge tier={preview.layers[layer].minimum} />
              <ul className="ml-4 list-disc text-xs text-slate-600">
                {preview.layers[layer].rules.map((rule) => (
                  <li key={rule.id}>
                    <code>{rule.id}</code>
                    {firstLayerOfRule.get(rule.id) === layer ? `: ${rule.reason}` : ' (as above)'}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </section>

      {preview.shortfalls.length > 0 && (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-amber-900" data-testid="preview-shortfalls">
          Saving leaves{' '}
          {preview.shortfalls
            .map(({ layer, current, minimum }) => `${LAYER_LABELS[layer]} at ${TIER_LABELS[current]} below its new minimum ${TIER_LABELS[minimum]}`)
            .join('; ')}
          . The tenant is non-compliant until those tiers are raised or the risk is accepted.
        </p>
      )}

      <section>
        <h3 className="font-medium text-slate-900">Other tenants affected</h3>
        {others.length === 0 ? (
          <p className="text-slate-600" data-testid="preview-affected">
            No other tenant&apos;s minimum changes.
          </p>
        ) : (
          <ul className="mt-1 space-y-1" data-testid="preview-affected">
            {others.map(({ tenant, changes }) => (
              <li key={tenant.id}>
                <span className="font-medium">{tenant.name}</span>:{' '}
                {changes.map((change) => `${LAYER_LABELS[change.layer]} ${describeMove(change.before, change.after)}`).join(', ')}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section data-testid="preview-floor">
        <h3 className="font-medium text-slate-900">Platform floor after saving</h3>
        {preview.affected.floor.length > 0 && (
          <p className="text-amber-900">
            The floor moves: {preview.affected.floor.map(({ layer, before, after }) => `${LAYER_LABELS[layer]} ${describeMove(before, after)}`).join(', ')}.
          </p>
        )}
        <ul className="mt-1 space-y-1">
          {LAYERS.map((layer) => (
            <li key={layer}>
              {LAYER_LABELS[layer]} <TierBadge tier={preview.floor[layer].tier} />{' '}
              <span className="text-slate-600">
                {preview.floor[layer].setBy.length > 0 ? `set by ${preview.floor[layer].setBy.join(', ')}` : 'no regulated tenant sets it'}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
