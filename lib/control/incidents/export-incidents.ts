import 'server-only';
import { escapeCsvCell } from '@/lib/audit/export-format';
import { recordAuditEvent } from '@/lib/audit/store/record-event';
import type { Principal } from '@/lib/auth/principal';
import type { TenantAccess } from '@/lib/auth/tenant-access';
import { findAllIncidents, findTenantIncidents, type IncidentPage, type IncidentView } from './find-incidents';
import { parseIncidentFilters, toSearchParams, type IncidentFilters } from './incident-filters';
import { UserFacingError } from '@/lib/errors';

export const INCIDENT_EXPORT_FORMATS = ['csv', 'json'] as const;
export type IncidentExportFormat = (typeof INCIDENT_EXPORT_FORMATS)[number];

export interface IncidentExport {
  body: string;
  contentType: string;
  filename: string;
}

/**
 * Reads an export form: `format` plus the list's filters as they stand in its address.
 * @throws UserFacingError (400) for a missing format or an invalid filter
 */
export function parseIncidentExportForm(form: FormData): { format: IncidentExportFormat; filters: IncidentFilters } {
  const fields = Object.fromEntries([...form.entries()].filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  const { format, ...filterFields } = fields;
  if (!INCIDENT_EXPORT_FORMATS.includes(format as IncidentExportFormat)) throw new UserFacingError('Choose the export format: csv or json.', 400);
  return { format: format as IncidentExportFormat, filters: parseIncidentFilters(filterFields) };
}

// Read in pages along the same keyset as the list, so an export of every incident is never a single
// unbounded query, and never silently cut at a row cap either.
const EXPORT_PAGE_SIZE = 1000;

const CSV_COLUMNS = ['id', 'tenant', 'opened_at', 'updated_at', 'kind', 'severity', 'layer', 'status', 'assignee', 'other_tenant', 'request_ids', 'summary'];

/**
 * Every incident of the tenant matching the filters (from the first, whatever page the viewer is
 * on), after recording the export as an `incident.export` event in the tenant's chain: if that
 * cannot be written, nothing is exported.
 */
export async function exportTenantIncidents(
  access: TenantAccess,
  filters: IncidentFilters,
  format: IncidentExportFormat,
  requestId: string,
): Promise<IncidentExport> {
  const incidents = await readAllPages((after) => findTenantIncidents(access.tenant, { ...filters, after }, EXPORT_PAGE_SIZE));
  await recordExport(access.principal, access.tenant.id, filters, format, incidents.length, requestId);
  return formatExport(incidents, format, access.tenant.slug);
}

/**
 * The platform's export across tenants (platform admins only, checked by the platform path). Each
 * tenant whose incidents it holds gets its own `incident.export` event, counting that tenant's rows.
 */
export async function exportAllIncidents(
  principal: Principal,
  filters: IncidentFilters,
  format: IncidentExportFormat,
  requestId: string,
): Promise<IncidentExport> {
  const incidents = await readAllPages((after) => findAllIncidents(principal, { ...filters, after }, EXPORT_PAGE_SIZE));
  const countByTenant = new Map<string, number>();
  for (const incident of incidents) countByTenant.set(incident.tenant.id, (countByTenant.get(incident.tenant.id) ?? 0) + 1);
  for (const [tenantId, count] of countByTenant) await recordExport(principal, tenantId, filters, format, count, requestId);
  return formatExport(incidents, format, 'platform');
}

async function readAllPages(readPage: (after: IncidentFilters['after']) => Promise<IncidentPage>): Promise<IncidentView[]> {
  const incidents: IncidentView[] = [];
  let after: IncidentFilters['after'];
  for (;;) {
    const page = await readPage(after);
    incidents.push(...page.incidents);
    const last = page.incidents.at(-1);
    if (!page.nextCursor || !last) return incidents;
    after = { openedAt: new Date(last.openedAt), id: last.id };
  }
}

async function recordExport(principal: Principal, tenantId: string, filters: IncidentFilters, format: IncidentExportFormat, count: number, requestId: string) {
  await recordAuditEvent({
    tenantId,
    actor: { type: 'user', id: principal.userId, label: principal.email },
    action: 'incident.export',
    target: 'incidents',
    requestId,
    outcome: 'success',
    payload: { format, count, filters: Object.fromEntries(toSearchParams({ ...filters, after: undefined, tenant: undefined })) },
  });
}

function formatExport(incidents: IncidentView[], format: IncidentExportFormat, label: string): IncidentExport {
  const filename = `incidents-${label}-${new Date().toISOString().slice(0, 10)}.${format}`;
  if (format === 'json')
    return { body: `${JSON.stringify(incidents.map(toExportRecord), null, 2)}\n`, contentType: 'application/json; charset=utf-8', filename };
  const rows = incidents.map((incident) => {
    const record = toExportRecord(incident);
    return [
      record.id,
      record.tenant,
      record.openedAt,
      record.updatedAt,
      record.kind,
      record.severity,
      record.layer,
      record.status,
      record.assignee ?? '',
      record.otherTenant ?? '',
      record.requestIds.join(' '),
      record.summary,
    ];
  });
  const body = [CSV_COLUMNS, ...rows].map((cells) => `${cells.map(escapeCsvCell).join(',')}\r\n`).join('');
  return { body, contentType: 'text/csv; charset=utf-8', filename };
}

function toExportRecord(incident: IncidentView) {
  return {
    id: incident.id,
    tenant: incident.tenant.slug,
    openedAt: incident.openedAt,
    updatedAt: incident.updatedAt,
    kind: incident.kind,
    severity: incident.severity,
    layer: incident.layer,
    status: incident.status,
    assignee: incident.assignee?.email ?? null,
    otherTenant: incident.otherTenant?.label ?? null,
    requestIds: incident.requestIds,
    summary: incident.summary,
  };
}
