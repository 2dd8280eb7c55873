import { createTextStream } from '@/lib/http/stream-response';
import { respondWithJson } from '@/lib/http/json-response';
import { createAuditExport } from '@/lib/audit/viewer/create-audit-export';
import { auditExportRequestSchema } from '@/lib/audit/viewer/event-filter';
import { requirePrincipal } from '@/lib/auth/current-principal';
import { resolveTenantAccess } from '@/lib/auth/tenant-access';

export const dynamic = 'force-dynamic';

/** `GET /tenants/<slug>/logs/export?format=jsonl|csv&from=&to=`: a download, authorized like the viewer. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return respondWithJson('audit.export', async (requestId) => {
    const principal = await requirePrincipal();
    const access = await resolveTenantAccess(principal, (await params).slug, 'audit.read');
    const input = auditExportRequestSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const exported = await createAuditExport(access, input, requestId);
    return new Response(createTextStream(exported.chunks, { route: 'audit.export', requestId }), {
      headers: {
        'content-type': exported.contentType,
        'content-disposition': `attachment; filename="${exported.filename}"`,
        'cache-control': 'no-store',
      },
    });
  });
}
