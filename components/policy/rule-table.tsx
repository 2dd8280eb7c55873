import { Badge } from '@/components/ui/badge';
import { LAYER_LABELS, LAYERS, TIER_LABELS, type PolicyRule } from '@/lib/policy';
import { Table } from '@/components/ui/table';

const sourceLabels = { isolation_guidance: 'Isolation guidance', extension: 'Our extension' } as const;

/** The rule table as the engine applies it, each rule with its source and the text it implements. */
export function RuleTable({ rules }: { rules: Omit<PolicyRule, 'applies' | 'reason'>[] }) {
  return (
    <Table
      columns={['Rule', 'Requires', 'Source', { label: 'Basis', className: 'py-2' }]}
      headerCellClassName="py-2 pr-3"
      headClassName="text-xs uppercase tracking-wide text-slate-500"
      bodyClassName="divide-y divide-slate-100 align-top"
      testId="rule-table"
    >
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
          <td className="py-2 pr-3">
            <Badge tone={rule.source === 'extension' ? 'info' : 'neutral'}>{sourceLabels[rule.source]}</Badge>
          </td>
          <td className="py-2 text-slate-600">{rule.basis}</td>
        </tr>
      ))}
    </Table>
  );
}
