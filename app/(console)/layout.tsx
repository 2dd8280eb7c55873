import Link from 'next/link';
import type { ReactNode } from 'react';
import { ConsoleShell } from '@/components/console-shell';
import type { NavItem } from '@/components/console-nav';
import { QueryProvider } from '@/components/query-provider';
import { requirePrincipalOrRedirect } from '@/lib/auth/current-principal';
import { hasTenantPermission, isPlatformAdmin, type Permission, type Principal } from '@/lib/auth/principal';
import { signOutAction } from './sign-out-action';

export const dynamic = 'force-dynamic';

/** True when the principal may do this on at least one tenant: a nav entry leading nowhere is not shown. */
function canUseSomewhere(principal: Principal, permission: Permission) {
  return isPlatformAdmin(principal) || principal.grants.some((grant) => hasTenantPermission(principal, grant, permission));
}

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const principal = await requirePrincipalOrRedirect();
  const items: NavItem[] = [{ href: '/tenants', label: 'Tenants', exceptUnder: ['playground'] }];
  if (canUseSomewhere(principal, 'audit.read')) items.push({ href: '/audit', label: 'Audit' });
  if (canUseSomewhere(principal, 'playground.use')) items.push({ href: '/playground', label: 'Playground', alsoUnder: ['playground'] });
  if (isPlatformAdmin(principal))
    items.push(
      { href: '/platform', label: 'Platform' },
      { href: '/platform/users', label: 'Users' },
      { href: '/incidents', label: 'Incidents' },
      { href: '/endpoints', label: 'Model endpoints' },
      { href: '/servers', label: 'Database servers' },
    );
  const roleLabel = principal.platformRole?.replace('_', ' ') ?? principal.grants.map((g) => `${g.role} · ${g.name}`).join(', ');

  const account = (
    <div className="mt-auto border-t border-slate-800 px-3 pt-4 text-sm">
      <p className="truncate font-medium" data-testid="signed-in-as">
        {principal.email}
      </p>
      <p className="truncate text-xs capitalize text-slate-400">{roleLabel || 'no tenant access'}</p>
      <Link href="/account/sessions" className="mt-3 block text-xs text-slate-300 underline hover:text-white">
        Your sessions
      </Link>
      <form action={signOutAction}>
        <button type="submit" className="mt-3 text-xs text-slate-300 underline hover:text-white">
          Sign out
        </button>
      </form>
    </div>
  );
  return (
    <ConsoleShell items={items} account={account}>
      <QueryProvider>{children}</QueryProvider>
    </ConsoleShell>
  );
}
