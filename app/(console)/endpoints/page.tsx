import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requirePrincipalOrRedirect } from '@/lib/auth/current-principal';
import { isPlatformAdmin } from '@/lib/auth/principal';
import { PlatformLimitsForm } from '@/components/gateway/platform-limits-form';
import { findEndpoints } from '@/lib/control/endpoints/manage-endpoints';
import { findPlatformGatewayLimits } from '@/lib/control/platform-gateway-limits';
import { updatePlatformLimitsAction } from './actions';
import { SharedEndpoints } from './shared-endpoints';

export const metadata: Metadata = { title: 'Model endpoints' };

/** The shared model endpoints every tenant below the dedicated prompt tier is routed to (platform admins). */
export default async function EndpointsPage() {
  const principal = await requirePrincipalOrRedirect();
  if (!isPlatformAdmin(principal)) notFound();
  const [endpoints, limits] = await Promise.all([findEndpoints({ scope: 'shared', principal }), findPlatformGatewayLimits(principal)]);
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Model endpoints</h1>
        <p className="text-sm text-slate-600">
          The upstream models the gateway sends requests to. Tenants at the dedicated prompt tier use their own, set on the tenant&apos;s Model endpoints tab.
        </p>
      </header>
      <SharedEndpoints endpoints={endpoints} />
      <PlatformLimitsForm initial={limits} save={updatePlatformLimitsAction} />
    </div>
  );
}
