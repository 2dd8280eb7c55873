import type { Metadata } from 'next';
import Link from 'next/link';
import { ComplianceBadge } from '@/components/policy/compliance-badge';
import { TierBadge } from '@/components/tier-badge';
import { Badge } from '@/components/ui/badge';
import { requirePrincipalOrRedirect } from '@/lib/auth/current-principal';
import { findTenantComplianceStanding } from '@/lib/control/find-tenant-compliance';
import { findVisibleTenants } from '@/lib/control/find-visible-tenants';
import { DATA_CLASS_LABELS, TENANT_KIND_LABELS, type DataClass } from '@/lib/policy';
import { Table } from '@/components/ui/table';

export const metadata: Metadata = { title: 'Tenants' };

/** Every tenant the principal can act on, searchable by name or slug (?q=, a plain GET form, so the search is in the address). */
export default async function TenantsPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const principal = await requirePrincipalOrRedirect();
  const rawQuery = (await searchParams).q;
  const query = (Array.isArray(rawQuery) ? rawQuery[0] : (rawQuery ?? '')).trim().slice(0, 100);
  const visible = await findVisibleTenants(principal);
  const needle = query.toLowerCase();
  const tenants = needle ? visible.filter((tenant) => tenant.name.toLowerCase().includes(needle) || tenant.slug.includes(needle)) : visible;
  const compliance = await findTenantComplianceStanding(
    principal,
    tenants.map((tenant) => tenant.id),
  );
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Tenants</h1>
          <p className="text-sm text-slate-600">
            {principal.platformRole === 'platform_admin' ? 'Every tenant on the platform.' : 'The tenants you can act on.'}
          </p>
        </div>
        {principal.platformRole === 'platform_admin' && (
          <Link href="/tenants/new" className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700">
            New tenant
          </Link>
        )}
      </header>
      {visible.length > 1 && (
        <form role="search" className="flex flex-wrap items-end gap-2" action="/tenants">
          <label className="text-sm">
            <span className="block text-slate-600">Search tenants</span>
            <input
              type="search"
              name="q"
              defaultValue={query}
              placeholder="Name or slug"
              maxLength={100}
              className="mt-1 w-64 max-w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
            />
          </label>
          <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50">
            Search
          </button>
          {query && (
            <Link href="/tenants" className="px-2 py-2 text-sm text-indigo-700 hover:underline">
              Show all
            </Link>
          )}
        </form>
      )}
      {visible.length === 0 ? (
        <p className="text-sm text-slate-600">You have no tenant access yet. Ask a platform admin to add you to a tenant.</p>
      ) : tenants.length === 0 ? (
        <p className="text-sm text-slate-600" data-testid="tenant-search-empty">
          No tenant matches “{query}”.
        </p>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
          <Table
            columns={['Tenant', 'Kind', 'Data classes', 'Prompt', 'Retrieval', 'Logs', 'Compliance']}
            headerCellClassName="px-4 py-3"
            headClassName="bg-slate-50 text-xs uppercase tracking-wide text-slate-500"
            bodyClassName="divide-y divide-slate-100"
            testId="tenant-table"
          >
            {tenants.map((tenant) => (
              <tr key={tenant.id}>
                <td className="px-4 py-3 font-medium">
                  <Link href={`/tenants/${tenant.slug}`} className="text-indigo-700 hover:underline">
                    {tenant.name}
                  </Link>
                </td>
                <td className="px-4 py-3">{TENANT_KIND_LABELS[tenant.kind]}</td>
                <td className="px-4 py-3">
                  <span className="flex flex-wrap gap-1">
                    {tenant.dataClasses.length === 0 ? (
                      <Badge>none</Badge>
                    ) : (
                      tenant.dataClasses.map((dataClass) => <Badge key={dataClass}>{DATA_CLASS_LABELS[dataClass as DataClass] ?? dataClass}</Badge>)
                    )}
                  </span>
                </td>
                <td className="px-4 py-3">
                  <TierBadge tier={tenant.promptTier} />
                </td>
                <td className="px-4 py-3">
                  <TierBadge tier={tenant.retrievalTier} />
                </td>
                <td className="px-4 py-3">
                  <TierBadge tier={tenant.logsTier} />
                </td>
                <td className="px-4 py-3">
                  {compliance.has(tenant.id) && (
                    <ComplianceBadge
                      isCompliant={compliance.get(tenant.id) !== 'non_compliant'}
                      isRiskAccepted={compliance.get(tenant.id) === 'risk_accepted'}
                    />
                  )}
                </td>
              </tr>
            ))}
          </Table>
        </div>
      )}
    </div>
  );
}
