import { getAuditChainStore } from '@/lib/audit/store/chain-store';
import { getChainStatus } from '@/lib/audit/store/chain-status';
import { getCurrentPrincipal } from '@/lib/auth/current-principal';
import { resolveTenantAccess } from '@/lib/auth/tenant-access';
import { UnauthenticatedError } from '@/lib/errors';
import { respondWithJson } from '@/lib/http/json-response';

export const dynamic = 'force-dynamic';

/** `GET /tenants/<slug>/logs/status`: the chain's head and last verification (no event content), polled by the audit log page. */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return respondWithJson('audit.chain_status', async () => {
    const principal = await getCurrentPrincipal();
    if (!principal) throw new UnauthenticatedError();
    const { tenant } = await resolveTenantAccess(principal, (await params).slug, 'audit.read');
    const [stored, head] = await Promise.all([getChainStatus(tenant.id), getAuditChainStore(tenant.id).getHead()]);
    const status = stored && { ...stored, trustedCheckpoint: undefined };
    return Response.json({ status, headSeq: head?.seq ?? 0 }, { headers: { 'cache-control': 'no-store' } });
  });
}
