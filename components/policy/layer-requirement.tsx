import { TierBadge } from '@/components/tier-badge';
import type { LayerPolicyView } from '@/lib/control/get-tenant-policy-view';
import { LAYER_LABELS, type Layer } from '@/lib/policy';
import { describeLayerCompliance } from './describe-compliance';
import { TierConsequences } from './tier-consequences';

/**
 * One layer of a tenant: its required minimum, the rules that set it (named here, explained once for
 * all layers by RulesExplained), its current tier and, where no tier form shows them, what that costs.
 */
export function LayerRequirement({ layer, view, showConsequences }: { layer: Layer; view: LayerPolicyView; showConsequences: boolean }) {
  const isBelow = view.compliance.status !== 'meets_minimum';
  return (
    <section className="space-y-2 py-4 first:pt-0 last:pb-0" data-testid={`layer-${layer}`}>
      <header className="flex flex-wrap items-center gap-x-4 gap-y-1">
        <h3 className="font-medium text-slate-900">{LAYER_LABELS[layer]}</h3>
        <span className="text-sm text-slate-600" data-testid={`minimum-${layer}`} data-tier={view.minimum}>
          Required minimum <TierBadge tier={view.minimum} />
        </span>
        <span className="text-sm text-slate-600" data-testid={`current-${layer}`} data-tier={view.current}>
          Current <TierBadge tier={view.current} />
        </span>
      </header>
      <p className={`text-sm ${isBelow ? (view.compliance.status === 'risk_accepted' ? 'text-amber-800' : 'text-red-700') : 'text-slate-600'}`}>
        {describeLayerCompliance(view.compliance)}
      </p>
      {view.rules.length > 0 && (
        <p className="flex flex-wrap items-center gap-1 text-xs text-slate-600">
          Set by
          {view.rules.map((rule) => (
            <a key={rule.id} href={`#rule-${rule.id}`} title={rule.title} className="rounded bg-slate-100 px-1 font-mono text-slate-800 hover:bg-slate-200">
              {rule.id}
            </a>
          ))}
        </p>
      )}
      {showConsequences && <TierConsequences tier={view.current} />}
    </section>
  );
}
