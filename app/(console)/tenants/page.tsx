import Link from 'next/link';
import { TierBadge } from '@/components/tier-badge';
import { Badge } from '@/components/ui/badge';
import { requirePrincipalOrRedirect } from '@/lib/auth/current-principal';
import { findVisibleTenants } from '@/lib/control/find-visible-tenants';
import { DATA_CLASS_LABELS, TENANT_KIND_LABELS, type DataClass } from '@/lib/policy';

export default async function TenantsPage() {
  const principal = await requirePrincipalOrRedirect();
  const tenants = await findVisibleTenants(principal);
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Tenants</h1>
        <p className="text-sm text-slate-600">
          {principal.platformRole === 'platform_admin' ? 'Every tenant on the platform.' : 'The tenants you can act on.'}
        </p>
      </header>
      {tenants.length === 0 ? (
        <p className="text-sm text-slate-600">You have no tenant access yet. Ask a platform admin to add you to a tenant.</p>
      ) : (
        <div className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-left text-sm" data-testid="tenant-table">
            <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-4 py-3">Tenant</th>
                <th className="px-4 py-3">Kind</th>
                <th className="px-4 py-3">Data classes</th>
                <th className="px-4 py-3">Prompt</th>
                <th className="px-4 py-3">Retrieval</th>
                <th className="px-4 py-3">Logs</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {tenants.map((tenant) => (
                <tr key={tenant.id}>
                  <td className="px-4 py-3 font-medium">
                    <Link href={`/tenants/${tenant.slug}`} className="text-indigo-700 hover:underline">{tenant.name}</Link>
                  </td>
                  <td className="px-4 py-3">{TENANT_KIND_LABELS[tenant.kind]}</td>
                  <td className="px-4 py-3">
                    <span className="flex flex-wrap gap-1">
                      {tenant.dataClasses.length === 0 ? <Badge>none</Badge> : tenant.dataClasses.map((dataClass) => <Badge key={dataClass}>{DATA_CLASS_LABELS[dataClass as DataClass] ?? dataClass}</Badge>)}
                    </span>
                  </td>
                  <td className="px-4 py-3"><TierBadge tier={tenant.promptTier} /></td>
                  <td className="px-4 py-3"><TierBadge tier={tenant.retrievalTier} /></td>
                  <td className="px-4 py-3"><TierBadge tier={tenant.logsTier} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
