import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { isAcceptanceExpired } from '@/lib/control/assess-compliance';
import type { RiskAcceptanceRow } from '@/lib/control/policy-snapshot';
import { LAYER_LABELS, TIER_LABELS } from '@/lib/policy';
import { formatDate } from './format-date';
import { Table } from '@/components/ui/table';

type Row = RiskAcceptanceRow & { tenant?: { slug: string; name: string } };

function describeState(row: Row, now: Date) {
  if (row.revokedAt) return <Badge>revoked {formatDate(row.revokedAt)}</Badge>;
  if (isAcceptanceExpired(row, now)) return <Badge tone="bad">expired {formatDate(row.expiresAt)}</Badge>;
  return <Badge tone="warn">open until {formatDate(row.expiresAt)}</Badge>;
}

/** Risk acceptances with who accepted what gap, why, and until when; the tenant column appears when rows carry one. */
export function RiskAcceptanceTable({ rows, now, testId, empty }: { rows: Row[]; now: Date; testId: string; empty: string }) {
  if (rows.length === 0)
    return (
      <p className="text-sm text-slate-600" data-testid={testId}>
        {empty}
      </p>
    );
  const showTenant = rows.some((row) => row.tenant);
  return (
    <Table
      columns={[...(showTenant ? ['Tenant'] : []), 'Layer', 'Accepted', 'Justification', 'Accepted by', { label: 'State', className: 'py-2' }]}
      headerCellClassName="py-2 pr-3"
      headClassName="text-xs uppercase tracking-wide text-slate-500"
      bodyClassName="divide-y divide-slate-100 align-top"
      testId={testId}
    >
      {rows.map((row) => (
        <tr key={row.id}>
          {showTenant && (
            <td className="py-2 pr-3">
              {row.tenant && (
                <Link className="text-indigo-700 hover:underline" href={`/tenants/${row.tenant.slug}/settings`}>
                  {row.tenant.name}
                </Link>
              )}
            </td>
          )}
          <td className="py-2 pr-3">{LAYER_LABELS[row.layer]}</td>
          <td className="py-2 pr-3">
            {TIER_LABELS[row.acceptedTier]} where {TIER_LABELS[row.requiredTier]} is required
            <span className="block text-xs text-slate-500">{row.ruleIds.join(', ')}</span>
          </td>
          <td className="max-w-md whitespace-pre-wrap break-words py-2 pr-3">{row.justification}</td>
          <td className="py-2 pr-3">
            {row.acceptedByUser.name}
            <span className="block text-xs text-slate-500">
              {row.acceptedByUser.email}, {formatDate(row.acceptedAt)}
            </span>
          </td>
          <td className="py-2">{describeState(row, now)}</td>
        </tr>
      ))}
    </Table>
  );
}
