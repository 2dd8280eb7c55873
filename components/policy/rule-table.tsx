import { Badge } from '@/components/ui/badge';
import { LAYER_LABELS, LAYERS, TIER_LABELS, type PolicyRule } from '@/lib/policy';

const sourceLabels = { isolation_guidance: 'Isolation guidance', extension: 'Our extension' } as const;

/** The rule table as the engine applies it, each rule with its source and the text it implements. */
export function RuleTable({ rules }: { rules: Omit<PolicyRule, 'applies' | 'reason'>[] }) {
  return (
    <table className="w-full text-left text-sm" data-testid="rule-table">
      <thead className="text-xs uppercase tracking-wide text-slate-500">
        <tr>
          <th className="py-2 pr-3">Rule</th>
          <th className="py-2 pr-3">Requires</th>
          <th className="py-2 pr-3">Source</th>
          <th className="py-2">Basis</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 align-top">
        {rules.map((rule) => (
          <tr key={rule.id}>
            <td className="py-2 pr-3">
              <code className="text-xs">{rule.id}</code>
              <span className="block font-medium">{rule.title}</span>
            </td>
            <td className="py-2 pr-3">
              {TIER_LABELS[rule.tier]}
              <span className="block text-xs text-slate-500">
                {rule.layers.length === LAYERS.length ? 'every layer' : rule.layers.map((layer) => LAYER_LABELS[layer]).join(', ')}
              </span>
            </td>
            <td className="py-2 pr-3"><Badge tone={rule.source === 'extension' ? 'info' : 'neutral'}>{sourceLabels[rule.source]}</Badge></td>
            <td className="py-2 text-slate-600">{rule.basis}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
