import { respondWithJson } from '@/lib/http/json-response';
import { getCurrentPrincipal } from '@/lib/auth/current-principal';
import { resolveTenantAccess } from '@/lib/auth/tenant-access';
import { UnauthenticatedError } from '@/lib/errors';
import { findPlacementStatus } from '@/lib/placement/find-placement-status';

export const dynamic = 'force-dynamic';

/** Where each layer of the tenant's data lives and its latest move, polled by the settings page while a move is under way. */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return respondWithJson('placement.status', async () => {
    const principal = await getCurrentPrincipal();
    if (!principal) throw new UnauthenticatedError();
    const { slug } = await params;
    const { tenant } = await resolveTenantAccess(principal, slug, 'tenant.view');
    return Response.json(await findPlacementStatus(tenant.id), { headers: { 'cache-control': 'no-store' } });
  });
}
