import { notFound } from 'next/navigation';
import { requirePrincipalOrRedirect } from '@/lib/auth/current-principal';
import { isPlatformAdmin } from '@/lib/auth/principal';
import { findEndpoints } from '@/lib/control/endpoints/manage-endpoints';
import { SharedEndpoints } from './shared-endpoints';

/** The shared model pool every tenant below the dedicated prompt tier is routed to (platform admins). */
export default async function EndpointsPage() {
  const principal = await requirePrincipalOrRedirect();
  if (!isPlatformAdmin(principal)) notFound();
  return <SharedEndpoints endpoints={await findEndpoints({ scope: 'shared', principal })} />;
}
