import { jsonError, respondWithJson } from '@/lib/http/json-response';
import { isSameOrigin } from '@/lib/http/forwarded';
import { requirePrincipal } from '@/lib/auth/current-principal';
import { resolveTenantAccess } from '@/lib/auth/tenant-access';
import { exportTenantIncidents, parseIncidentExportForm } from '@/lib/control/incidents/export-incidents';
import { downloadResponse } from '@/lib/http/download-response';

export const dynamic = 'force-dynamic';

/**
 * `POST /tenants/<slug>/incidents/export` with form fields `format` (csv|json) and the list's filters:
 * a download of every matching incident, for whoever may read the tenant's incidents (compliance
 * officers included). A POST because it writes an `incident.export` event to the tenant's chain.
 */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return respondWithJson('incident.export', async (requestId) => {
    if (!isSameOrigin(request.headers)) return jsonError(403, 'Cross-site requests are refused.');
    const access = await resolveTenantAccess(await requirePrincipal(), (await params).slug, 'incidents.read');
    const form = await request.formData().catch(() => null);
    if (!form) return jsonError(400, 'Send the export choices as a form (format and the filters).');
    const { format, filters } = parseIncidentExportForm(form);
    return downloadResponse(await exportTenantIncidents(access, filters, format, requestId));
  });
}
