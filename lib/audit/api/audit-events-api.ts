import 'server-only';
import { resolveTenantAccess } from '@/lib/auth/tenant-access';
import { UnauthenticatedError, UserFacingError } from '@/lib/errors';
import { auditEventPageRequestSchema } from '../viewer/event-filter';
import { readAuditEventPage } from '../viewer/read-audit-events';
import { respondWithJson } from '@/lib/http/json-response';
import type { ResolveApiPrincipal } from './resolve-api-principal';

/** Query parameter → filter field. Anything else is refused, so a misspelt filter cannot silently match everything. */
const FILTER_PARAMS = { from: 'from', to: 'to', actor: 'actorId', action: 'action', outcome: 'outcome', request_id: 'requestId', q: 'text' } as const;
const OTHER_PARAMS = ['tenant', 'cursor', 'limit'];

/**
 * `GET /api/v1/audit/events?tenant=<slug>&from=&to=&actor=&action=&outcome=&request_id=&q=&cursor=&limit=`
 * → `{ tenant, events, nextCursor }`, newest first, with the viewer's scoping: the slug selects among the
 * caller's tenants (404 otherwise), the cursor must come from the same tenant and query (400 otherwise).
 * An audit_read API key has one tenant, so for a key the slug may be left out. 401 without credentials
 * or with an unknown or revoked key, 403 with an inference key.
 */
export async function handleAuditEventsRequest(request: Request, resolvePrincipal: ResolveApiPrincipal): Promise<Response> {
  return respondWithJson('api.v1.audit.events', async (requestId) => {
    const principal = await resolvePrincipal(request);
    if (!principal) throw new UnauthenticatedError();
    const params = new URL(request.url).searchParams;
    const unknown = [...params.keys()].filter((name) => !(name in FILTER_PARAMS) && !OTHER_PARAMS.includes(name));
    if (unknown.length) {
      throw new UserFacingError(`Unknown query parameter ${unknown[0]}. Use ${[...OTHER_PARAMS, ...Object.keys(FILTER_PARAMS)].join(', ')}.`, 400);
    }
    const slug = params.get('tenant') ?? (principal.apiKey ? principal.grants[0]?.slug : null);
    if (!slug) throw new UserFacingError('Name the tenant: ?tenant=<slug>.', 400);
    const access = await resolveTenantAccess(principal, slug, 'audit.read');

    const filter = Object.fromEntries(Object.entries(FILTER_PARAMS).flatMap(([param, field]) => (params.has(param) ? [[field, params.get(param)]] : [])));
    const input = auditEventPageRequestSchema.parse({ filter, cursor: params.get('cursor') ?? undefined, limit: params.get('limit') ?? undefined });
    const page = await readAuditEventPage(access, input, { requestId, via: 'api' });
    return Response.json({ tenant: access.tenant.slug, ...page }, { headers: { 'cache-control': 'no-store' } });
  });
}
