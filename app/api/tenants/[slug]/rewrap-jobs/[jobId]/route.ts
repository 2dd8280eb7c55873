import { z } from 'zod';
import { respondWithJson } from '@/lib/http/json-response';
import { getCurrentPrincipal } from '@/lib/auth/current-principal';
import { resolveTenantAccess } from '@/lib/auth/tenant-access';
import { NotFoundError, UnauthenticatedError } from '@/lib/errors';
import { getRewrapJob } from '@/lib/control/keys/rewrap-job';

export const dynamic = 'force-dynamic';

/** A re-wrap job's progress, polled by the key panel. Same access as the keys page: keys.manage on the tenant. */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string; jobId: string }> }) {
  return respondWithJson('kms.rewrap_progress', async () => {
    const principal = await getCurrentPrincipal();
    if (!principal) throw new UnauthenticatedError();
    const { slug, jobId } = await params;
    const { tenant } = await resolveTenantAccess(principal, slug, 'keys.manage');
    const job = z.uuid().safeParse(jobId).success ? await getRewrapJob(tenant.id, jobId) : null;
    if (!job) throw new NotFoundError();
    return Response.json(
      { id: job.id, state: job.state, done: job.done, total: job.total, error: job.error, updatedAt: job.updatedAt, finishedAt: job.finishedAt },
      { headers: { 'cache-control': 'no-store' } },
    );
  });
}
