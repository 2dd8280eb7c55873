import Link from 'next/link';
import type { TopTenant } from '@/lib/control/usage/find-usage-overview';

/** The top tenants of the range by one measure, each linking to its own overview. */
export function TopTenantsTable({ tenants, measure, testId }: { tenants: TopTenant[]; measure: 'requests' | 'blocked'; testId: string }) {
  if (tenants.length === 0) return <p className="text-sm text-slate-600">No {measure === 'blocked' ? 'blocked requests' : 'traffic'} in this range.</p>;
  return (
    <table className="w-full text-sm" data-testid={testId}>
      <thead>
        <tr className="text-left text-xs text-slate-500">
          <th className="py-1 font-medium">Tenant</th>
          <th className="py-1 pl-4 text-right font-medium">Requests</th>
          <th className="py-1 pl-4 text-right font-medium">Blocked</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {tenants.map((tenant) => (
          <tr key={tenant.id}>
            <td className="break-words py-1.5">
              {tenant.slug ? (
                <Link href={`/tenants/${tenant.slug}`} className="text-indigo-700 hover:underline">
                  {tenant.name}
                </Link>
              ) : (
                tenant.name
              )}
            </td>
            <td className="py-1.5 pl-4 text-right tabular-nums">{tenant.requests.toLocaleString('en-US')}</td>
            <td className="py-1.5 pl-4 text-right tabular-nums">{tenant.blocked.toLocaleString('en-US')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
