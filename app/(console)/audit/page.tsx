import type { Metadata } from 'next';
import { AuditTenantPicker } from '@/components/audit/audit-tenant-picker';
import { findAuditTenantChoices } from '@/lib/audit/viewer/find-audit-tenants';
import { requirePrincipalOrRedirect } from '@/lib/auth/current-principal';

export const metadata: Metadata = { title: 'Audit' };

export default async function AuditPage() {
  const principal = await requirePrincipalOrRedirect();
  const tenants = await findAuditTenantChoices(principal);
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Audit log</h1>
        <p className="text-sm text-slate-600">
          Each tenant has its own tamper-evident chain of events. Pick a tenant to browse, verify or export it.
          {principal.platformRole === 'platform_admin' && " As a platform admin you can open any tenant; each read is recorded in that tenant's log."}
        </p>
      </header>
      {tenants.length === 0 ? (
        <p className="text-sm text-slate-600">You cannot read any tenant&apos;s audit log. Tenant admins and assigned compliance officers can.</p>
      ) : (
        <AuditTenantPicker tenants={tenants.map(({ slug, name, isPlatformAccess }) => ({ slug, name, isPlatformAccess }))} />
      )}
    </div>
  );
}
