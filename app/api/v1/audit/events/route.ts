import { handleAuditEventsRequest } from '@/lib/audit/api/audit-events-api';
import { resolveApiPrincipal } from '@/lib/audit/api/resolve-api-principal';

export const dynamic = 'force-dynamic';

/** The audit events API for machines: see handleAuditEventsRequest for parameters and status codes. */
export function GET(request: Request) {
  return handleAuditEventsRequest(request, resolveApiPrincipal);
}
