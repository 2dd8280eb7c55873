import { createTextStream } from '@/lib/http/stream-response';
import { jsonError, respondWithJson } from '@/lib/http/json-response';
import { isSameOrigin } from '@/lib/http/forwarded';
import { createAuditExport } from '@/lib/audit/viewer/create-audit-export';
import { auditExportRequestSchema } from '@/lib/audit/viewer/event-filter';
import { requirePrincipal } from '@/lib/auth/current-principal';
import { resolveTenantAccess } from '@/lib/auth/tenant-access';

export const dynamic = 'force-dynamic';

/**
 * `POST /tenants/<slug>/logs/export` with form fields `format` (jsonl|csv), `from`, `to`: a download,
 * authorized like the viewer. A POST because it writes: it appends `audit.export` to the tenant's
 * chain and signs a checkpoint, which a GET (prefetched, crawled, replayed from history) must not.
 * Only from the console's own origin (the session cookie rides along on cross-site requests).
 */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return respondWithJson('audit.export', async (requestId) => {
    if (!isSameOrigin(request.headers)) return jsonError(403, 'Cross-site requests are refused.');
    const principal = await requirePrincipal();
    const access = await resolveTenantAccess(principal, (await params).slug, 'audit.read');
    const form = await request.formData().catch(() => null);
    if (!form) return jsonError(400, 'Send the export choices as a form (format, from, to).');
    const fields = Object.fromEntries([...form.entries()].filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''));
    const input = auditExportRequestSchema.parse(fields);
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
