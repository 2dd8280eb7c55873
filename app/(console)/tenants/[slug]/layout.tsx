import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { TenantTabs } from '@/components/tenant-tabs';
import { requireTenantPageAccess } from '@/lib/auth/page-access';
import { hasTenantPermission, type Permission } from '@/lib/auth/principal';

// Sub-pages of a tenant, each shown only to principals holding its permission.
const sections: { path: string; label: string; permission: Permission }[] = [
  { path: '', label: 'Overview', permission: 'tenant.view' },
  { path: '/settings', label: 'Classification and tiers', permission: 'tenant.view' },
  { path: '/keys', label: 'Keys', permission: 'keys.manage' },
  { path: '/prompts', label: 'Prompts', permission: 'prompts.manage' },
  { path: '/knowledge', label: 'Knowledge', permission: 'knowledge.manage' },
  { path: '/requests', label: 'Requests', permission: 'audit.read' },
  { path: '/logs', label: 'Audit log', permission: 'audit.read' },
  { path: '/isolation', label: 'Isolation evidence', permission: 'isolation.read' },
  { path: '/playground', label: 'Playground', permission: 'playground.use' },
  { path: '/incidents', label: 'Incidents', permission: 'incidents.read' },
  { path: '/endpoints', label: 'Model endpoints', permission: 'tenant.manage' },
  { path: '/members', label: 'Members', permission: 'members.manage' },
];

export default async function TenantLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant, principal, grant } = await requireTenantPageAccess(slug, 'tenant.view');
  const base = `/tenants/${tenant.slug}`;
  return (
    <div className="space-y-6">
      <header className="border-b border-slate-200 pb-4">
        <p className="text-xs uppercase tracking-wide text-slate-500">Tenant</p>
        <h1 className="break-words text-2xl font-semibold" data-testid="tenant-name">
          {tenant.name}
        </h1>
        <div className="print:hidden">
          <TenantTabs
            base={base}
            sections={sections.filter((section) => hasTenantPermission(principal, grant, section.permission)).map(({ path, label }) => ({ path, label }))}
          />
        </div>
      </header>
      {children}
    </div>
  );
}

/** Page titles inside a tenant name it: "Audit log · Northwind Bank · Bulkhead". */
export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const { tenant } = await requireTenantPageAccess((await params).slug, 'tenant.view');
  return { title: { template: `%s · ${tenant.name} · Bulkhead`, default: `${tenant.name} · Bulkhead` } };
}
