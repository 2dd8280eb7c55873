import type { ReactNode } from 'react';
import { ConsoleNav, type NavItem } from '@/components/console-nav';
import { QueryProvider } from '@/components/query-provider';
import { requirePrincipalOrRedirect } from '@/lib/auth/current-principal';
import { isPlatformAdmin } from '@/lib/auth/principal';
import { signOutAction } from './sign-out-action';

export const dynamic = 'force-dynamic';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const principal = await requirePrincipalOrRedirect();
  const items: NavItem[] = [
    { href: '/tenants', label: 'Tenants' },
    { href: '/audit', label: 'Audit' },
    { href: '/playground', label: 'Playground' },
  ];
  if (isPlatformAdmin(principal)) items.push({ href: '/platform', label: 'Platform' }, { href: '/incidents', label: 'Incidents' }, { href: '/endpoints', label: 'Endpoints' });
  const roleLabel = principal.platformRole?.replace('_', ' ') ?? principal.grants.map((g) => `${g.role} · ${g.name}`).join(', ');

  return (
    <div className="flex min-h-screen flex-col md:flex-row">
      <aside className="flex shrink-0 flex-col bg-slate-900 px-3 py-5 text-slate-100 md:w-60 print:hidden">
        <div className="mb-6 px-3">
          <p className="text-lg font-semibold tracking-tight">Bulkhead</p>
          <p className="text-xs text-slate-400">Tenant isolation console</p>
        </div>
        <ConsoleNav items={items} />
        <div className="mt-auto border-t border-slate-800 px-3 pt-4 text-sm">
          <p className="truncate font-medium" data-testid="signed-in-as">{principal.email}</p>
          <p className="truncate text-xs capitalize text-slate-400">{roleLabel || 'no tenant access'}</p>
          <form action={signOutAction}>
            <button type="submit" className="mt-3 text-xs text-slate-300 underline hover:text-white">Sign out</button>
          </form>
        </div>
      </aside>
      <main className="min-w-0 flex-1 px-4 py-6 md:px-8 md:py-8 print:p-0"><QueryProvider>{children}</QueryProvider></main>
    </div>
  );
}
