import { z } from 'zod';
import { respondWithJson } from '@/lib/http/json-response';
import { getCurrentPrincipal } from '@/lib/auth/current-principal';
import { resolveTenantAccess } from '@/lib/auth/tenant-access';
import { getRun } from '@/lib/conformance/run-store';
import { NotFoundError, UnauthenticatedError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

/** A conformance run with its results so far, polled by the isolation evidence page (isolation.read). */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string; runId: string }> }) {
  return respondWithJson('conformance.run_progress', async () => {
    const principal = await getCurrentPrincipal();
    if (!principal) throw new UnauthenticatedError();
    const { slug, runId } = await params;
    const { tenant } = await resolveTenantAccess(principal, slug, 'isolation.read');
    const run = z.uuid().safeParse(runId).success ? await getRun(tenant.id, runId) : null;
    if (!run) throw new NotFoundError();
    return Response.json(run, { headers: { 'cache-control': 'no-store' } });
  });
}
