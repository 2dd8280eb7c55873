import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import type { RiskAcceptanceRow } from '@/lib/control/policy-snapshot';
import type { TenantCompliance } from '@/lib/control/assess-compliance';
import { LAYER_LABELS, TIER_LABELS, type TenantShortfall } from '@/lib/policy';
import { formatDate } from './format-date';
import { Table } from '@/components/ui/table';

/**
 * Tenants and the layers where they fall short (of the floor, or of their own minimum). With
 * `compliance`, each layer also says whether a risk acceptance covers it.
 */
export function ShortfallTable({
  shortfalls,
  slugs,
  compliance,
  testId,
  empty,
}: {
  shortfalls: TenantShortfall[];
  slugs: Record<string, string>;
  compliance?: Record<string, TenantCompliance<RiskAcceptanceRow>>;
  testId: string;
  empty: string;
}) {
  if (shortfalls.length === 0)
    return (
      <p className="text-sm text-slate-600" data-testid={testId}>
        {empty}
      </p>
    );
  return (
    <Table
      columns={[
        { label: 'Tenant', className: 'py-2 pr-3' },
        { label: 'Layers', className: 'py-2' },
      ]}
      headClassName="text-xs uppercase tracking-wide text-slate-500"
      bodyClassName="divide-y divide-slate-100 align-top"
      testId={testId}
    >
      {shortfalls.map(({ tenant, layers }) => (
        <tr key={tenant.id}>
          <td className="py-2 pr-3">
            <Link className="text-indigo-700 hover:underline" href={`/tenants/${slugs[tenant.id]}/settings`}>
              {tenant.name}
            </Link>
          </td>
          <td className="space-y-1 py-2">
            {layers.map(({ layer, current, required }) => {
              const status = compliance?.[tenant.id]?.layers[layer];
              return (
                <span key={layer} className="block">
                  {LAYER_LABELS[layer]}: {TIER_LABELS[current]}, needs {TIER_LABELS[required]}{' '}
                  {status?.status === 'risk_accepted' && <Badge tone="warn">risk accepted until {formatDate(status.acceptance.expiresAt)}</Badge>}
                  {status?.status === 'below_minimum' && (
                    <Badge tone="bad">{status.problem === 'acceptance_expired' ? 'acceptance expired' : 'non-compliant'}</Badge>
                  )}
                </span>
              );
            })}
          </td>
        </tr>
      ))}
    </Table>
  );
}
