'use client';

import Link from 'next/link';
import { useState } from 'react';
import { Badge } from '@/components/ui/badge';

export interface AuditTenantOption {
  slug: string;
  name: string;
  isPlatformAccess: boolean;
}

/** The tenants whose audit log the viewer may open, with a filter for platforms with many tenants. */
export function AuditTenantPicker({ tenants }: { tenants: AuditTenantOption[] }) {
  const [search, setSearch] = useState('');
  const needle = search.trim().toLowerCase();
  const shown = needle ? tenants.filter((tenant) => `${tenant.name} ${tenant.slug}`.toLowerCase().includes(needle)) : tenants;
  return (
    <div className="space-y-3">
      {tenants.length > 8 && (
        <label className="block max-w-sm">
          <span className="text-sm font-medium text-slate-700">Find a tenant</span>
          <input
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            type="search"
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
          />
        </label>
      )}
      <ul className="divide-y divide-slate-100 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm" data-testid="audit-tenants">
        {shown.map((tenant) => (
          <li key={tenant.slug} className="flex items-center justify-between px-4 py-3 text-sm">
            <Link href={`/tenants/${tenant.slug}/logs`} className="font-medium text-indigo-700 hover:underline">
              {tenant.name}
            </Link>
            {tenant.isPlatformAccess && <Badge tone="warn">platform access · recorded</Badge>}
          </li>
        ))}
        {shown.length === 0 && <li className="px-4 py-3 text-sm text-slate-500">No tenant matches.</li>}
      </ul>
    </div>
  );
}
