import { respondWithJson } from '@/lib/http/json-response';
import { verifyTenantChain } from '@/lib/audit/store/verify-tenant-chain';
import { requirePrincipal } from '@/lib/auth/current-principal';
import { resolveTenantAccess } from '@/lib/auth/tenant-access';
import { UserFacingError } from '@/lib/errors';
import { logEvent } from '@/lib/log/logger';

export const dynamic = 'force-dynamic';

/**
 * `POST /tenants/<slug>/logs/verify`: verifies the tenant's chain now and streams NDJSON lines,
 * `{"type":"progress",eventCount,seq,headSeq}` as it goes, then `{"type":"status",status}` or
 * `{"type":"error",error}`. JSON content type required: a cross-site form cannot send one.
 */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return respondWithJson('audit.verify', async (requestId) => {
    if (!request.headers.get('content-type')?.startsWith('application/json')) throw new UserFacingError('Send this request as JSON.', 400);
    const principal = await requirePrincipal();
    const { tenant } = await resolveTenantAccess(principal, (await params).slug, 'audit.read');
    const encoder = new TextEncoder();
    // Verification runs to the end (and saves its status) even when the browser has gone away.
    let isOpen = true;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        const send = (line: object) => isOpen && controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
        verifyTenantChain(tenant.id, {
          checkedBy: principal.userId,
          progressInterval: 2_000,
          onProgress: (progress) => send({ type: 'progress', ...progress }),
        })
          .then((status) => send({ type: 'status', status }))
          .catch((error) => {
            logEvent('error', 'audit verification failed', { tenantId: tenant.id, requestId, error });
            send({ type: 'error', error: `Verification could not run. Reference: ${requestId}` });
          })
          .finally(() => isOpen && controller.close());
      },
      cancel() {
        isOpen = false;
      },
    });
    return new Response(body, { headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' } });
  });
}
