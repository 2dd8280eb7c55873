import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { requirePrincipalOrRedirect } from '@/lib/auth/current-principal';
import { hasTenantPermission } from '@/lib/auth/principal';
import { findVisibleTenants } from '@/lib/control/find-visible-tenants';

export const metadata: Metadata = { title: 'Playground' };

/** The nav's Playground: straight to the user's tenant playground when there is one, else a list to pick from. */
export default async function PlaygroundIndexPage() {
  const principal = await requirePrincipalOrRedirect();
  const tenants = (await findVisibleTenants(principal)).filter((tenant) =>
    hasTenantPermission(principal, principal.grants.find((grant) => grant.tenantId === tenant.id) ?? null, 'playground.use'),
  );
  if (tenants.length === 1) redirect(`/tenants/${tenants[0].slug}/playground`);
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Playground</h1>
        <p className="text-sm text-slate-600">Chat with a tenant&apos;s model through the same enforcement pipeline as the API. Pick a tenant.</p>
      </header>
      <Card>
        {tenants.length === 0 ? (
          <p className="text-sm text-slate-600">You have no tenant whose playground you may use.</p>
        ) : (
          <ul className="space-y-2 text-sm">
            {tenants.map((tenant) => (
              <li key={tenant.id}>
                <Link className="text-indigo-700 hover:underline" href={`/tenants/${tenant.slug}/playground`}>
                  {tenant.name}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
