import { jsonError, respondWithJson } from '@/lib/http/json-response';
import { readLimitedBody } from '@/lib/http/read-limited-body';
import { requirePrincipal } from '@/lib/auth/current-principal';
import { resolveTenantAccess } from '@/lib/auth/tenant-access';
import { UserFacingError } from '@/lib/errors';
import { DEFAULT_INGEST_LIMITS } from '@/lib/retrieval/ingest';
import { formatBytes } from '@/lib/retrieval/ingest/limits';
import { ingestDocument } from '@/lib/retrieval/ingest-document';
import { isSameOrigin } from '@/lib/http/forwarded';

export const dynamic = 'force-dynamic';

/** Multipart overhead allowed on top of the file itself before the body is refused unread. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

/**
 * `POST /tenants/<slug>/knowledge/upload` (multipart, field `file`): ingests one document into the
 * tenant the session selects; the browser shows upload progress from XHR. The tenant comes from the
 * session and slug only: nothing in the file or the form can name one. Too large: 413, before the
 * body is read when Content-Length says so, else as soon as the counted bytes pass the limit (nothing
 * beyond it is buffered); not ingestible: 422 with the reason; duplicate: 409.
 */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return respondWithJson('knowledge.upload', async (requestId) => {
    assertSameOrigin(request);
    const principal = await requirePrincipal();
    const { tenant } = await resolveTenantAccess(principal, (await params).slug, 'knowledge.manage');
    const maxBytes = DEFAULT_INGEST_LIMITS.maxBytes;
    const body = await readLimitedBody(request, maxBytes + FORM_OVERHEAD_BYTES);
    if (!body) return jsonError(413, `The file is larger than the ${formatBytes(maxBytes)} limit. Split it or remove images and try again.`);
    const form = await new Response(body, { headers: { 'content-type': request.headers.get('content-type') ?? '' } }).formData().catch(() => null);
    const file = form?.get('file');
    if (!(file instanceof File)) throw new UserFacingError('Choose a file to upload.', 422);
    if (file.size > maxBytes)
      return jsonError(413, `The file is ${formatBytes(file.size)}, over the ${formatBytes(maxBytes)} limit. Split it or remove images and try again.`);
    const document = await ingestDocument({
      tenant,
      actor: { type: 'user', id: principal.userId, label: principal.email },
      requestId,
      file: { filename: file.name.slice(0, 200), contentType: file.type || undefined, bytes: Buffer.from(await file.arrayBuffer()) },
    });
    return Response.json({ document }, { status: 201, headers: { 'cache-control': 'no-store' } });
  });
}

/** The session cookie rides along on cross-site requests too; refuse any whose Origin is another site. */
function assertSameOrigin(request: Request) {
  if (!isSameOrigin(request.headers)) throw new UserFacingError('Cross-site uploads are refused.', 403);
}
