import Link from 'next/link';
import type { ReactNode } from 'react';
import { requireTenantPageAccess } from '@/lib/auth/page-access';

export default async function TenantLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant } = await requireTenantPageAccess(slug, 'tenant.view');
  const base = `/tenants/${tenant.slug}`;
  return (
    <div className="space-y-6">
      <header className="border-b border-slate-200 pb-4">
        <p className="text-xs uppercase tracking-wide text-slate-500">Tenant</p>
        <h1 className="text-2xl font-semibold" data-testid="tenant-name">{tenant.name}</h1>
        <nav className="mt-3 flex gap-4 text-sm" aria-label="Tenant">
          <Link href={base} className="text-indigo-700 hover:underline">Overview</Link>
        </nav>
      </header>
      {children}
    </div>
  );
}
