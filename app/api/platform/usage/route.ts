import { getCurrentPrincipal } from '@/lib/auth/current-principal';
import { findPlatformUsage } from '@/lib/control/usage/find-usage-overview';
import { parseUsageRange } from '@/lib/control/usage/usage-range';
import { UnauthenticatedError } from '@/lib/errors';
import { respondWithJson } from '@/lib/http/json-response';

export const dynamic = 'force-dynamic';

/** Every tenant's traffic for `?range=` and the top tenants, polled by the platform traffic page (platform admins: the platform path checks the role). */
export async function GET(request: Request) {
  return respondWithJson('platform.usage', async () => {
    const principal = await getCurrentPrincipal();
    if (!principal) throw new UnauthenticatedError();
    const range = parseUsageRange(new URL(request.url).searchParams.get('range') ?? undefined);
    return Response.json(await findPlatformUsage(principal, range), { headers: { 'cache-control': 'no-store' } });
  });
}
