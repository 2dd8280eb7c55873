import { getCurrentPrincipal } from '@/lib/auth/current-principal';
import { hasTenantPermission } from '@/lib/auth/principal';
import { resolveTenantAccess } from '@/lib/auth/tenant-access';
import { countOpenIncidents } from '@/lib/control/incidents/count-open-incidents';
import { findTenantUsage } from '@/lib/control/usage/find-usage-overview';
import { parseUsageRange } from '@/lib/control/usage/usage-range';
import { UnauthenticatedError } from '@/lib/errors';
import { respondWithJson } from '@/lib/http/json-response';

export const dynamic = 'force-dynamic';

/** The tenant overview's traffic for `?range=` (and its open incidents, for those who manage them), polled by the overview while it is open. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return respondWithJson('tenant.usage', async () => {
    const principal = await getCurrentPrincipal();
    if (!principal) throw new UnauthenticatedError();
    const { tenant, grant } = await resolveTenantAccess(principal, (await params).slug, 'tenant.view');
    const range = parseUsageRange(new URL(request.url).searchParams.get('range') ?? undefined);
    const [usage, openIncidents] = await Promise.all([
      findTenantUsage(tenant.id, range),
      hasTenantPermission(principal, grant, 'tenant.manage') ? countOpenIncidents(tenant.id) : null,
    ]);
    return Response.json({ ...usage, openIncidents }, { headers: { 'cache-control': 'no-store' } });
  });
}
