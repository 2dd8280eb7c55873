import { jsonError, respondWithJson } from '@/lib/http/json-response';
import { isSameOrigin } from '@/lib/http/forwarded';
import { requirePrincipal } from '@/lib/auth/current-principal';
import { exportAllIncidents, parseIncidentExportForm } from '@/lib/control/incidents/export-incidents';
import { downloadResponse } from '@/lib/http/download-response';
import { assertPlatformAdmin } from '@/lib/tenancy/platform';

export const dynamic = 'force-dynamic';

/**
 * `POST /incidents/export`: the platform list's download (platform admins), with the same form fields
 * as a tenant's. Each tenant whose incidents it holds gets an `incident.export` event in its chain.
 */
export async function POST(request: Request) {
  return respondWithJson('incident.export', async (requestId) => {
    if (!isSameOrigin(request.headers)) return jsonError(403, 'Cross-site requests are refused.');
    const principal = await requirePrincipal();
    assertPlatformAdmin(principal);
    const form = await request.formData().catch(() => null);
    if (!form) return jsonError(400, 'Send the export choices as a form (format and the filters).');
    const { format, filters } = parseIncidentExportForm(form);
    return downloadResponse(await exportAllIncidents(principal, filters, format, requestId));
  });
}
