import type { LayerPolicyView } from '@/lib/control/get-tenant-policy-view';
import { LAYERS, LAYER_LABELS, type Layer } from '@/lib/policy';

/** Each rule behind a tenant's minimums, explained once, with the layers it applies to (a rule often sets all three). */
export function RulesExplained({ layers }: { layers: Record<Layer, LayerPolicyView> }) {
  const rules = new Map<string, { title: string; explanation: string; layers: Layer[] }>();
  for (const layer of LAYERS) {
    for (const rule of layers[layer].rules) {
      const entry = rules.get(rule.id) ?? { title: rule.title, explanation: rule.explanation, layers: [] };
      entry.layers.push(layer);
      rules.set(rule.id, entry);
    }
  }
  if (rules.size === 0) return null;
  return (
    <div className="mt-4 border-t border-slate-200 pt-4" data-testid="rules-explained">
      <h3 className="mb-2 text-sm font-semibold text-slate-900">Why these minimums</h3>
      <ul className="space-y-2 text-sm">
        {[...rules].map(([id, rule]) => (
          <li key={id} id={`rule-${id}`}>
            <code className="rounded bg-slate-100 px-1 text-xs">{id}</code> <span className="font-medium">{rule.title}.</span>{' '}
            <span className="text-slate-600">{rule.explanation}</span>{' '}
            <span className="text-xs text-slate-500">
              ({rule.layers.length === LAYERS.length ? 'all layers' : rule.layers.map((layer) => LAYER_LABELS[layer]).join(', ')})
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
