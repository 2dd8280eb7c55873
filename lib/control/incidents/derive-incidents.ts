import 'server-only';
import type { ScreeningFinding } from '@/lib/screening/types';

export const INCIDENT_KINDS = [
  'cross_tenant_bleed',
  'prompt_leak',
  'scope_change',
  'prompt_extraction',
  'instruction_override',
  'isolation_conformance',
] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];
export const INCIDENT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];
export type IncidentLayer = 'prompt' | 'retrieval' | 'logs';

/** An incident to open, under the tenant it affects. */
export interface IncidentDraft {
  tenantId: string;
  kind: IncidentKind;
  severity: IncidentSeverity;
  layer: IncidentLayer;
  otherTenantId: string | null;
  /** Null for the tenant whose canary leaked into another tenant's request: that id is in the other tenant's log, not this one's. */
  requestId: string | null;
  summary: string;
}

const INPUT_KINDS: Partial<Record<ScreeningFinding['kind'], IncidentKind>> = {
  tenant_scope_change: 'scope_change',
  prompt_extraction: 'prompt_extraction',
  instruction_override: 'instruction_override',
};

/**
 * The incidents a request's findings call for. A foreign canary (in output, retrieved context or input)
 * is a critical cross-tenant bleed, opened for BOTH tenants: the one whose canary leaked and the
 * one that received it. Only the receiving tenant's incident names the request, which is in its own
 * log; the other tenant's incident names none, as its log holds none of that request (the platform's
 * view pairs the two by tenant). The tenant's own canary in output is a prompt leak. Input attacks of
 * medium or high severity are opened for the requesting tenant. Summaries never hold a token or
 * prompt text.
 */
export function deriveIncidents(input: {
  tenantId: string;
  requestId: string;
  inputFindings: readonly ScreeningFinding[];
  outputFindings: readonly ScreeningFinding[];
  foreignTenantIds: readonly string[];
  retrievalForeignTenantIds?: readonly string[];
  inputForeignTenantIds?: readonly string[];
  toolResultForeignTenantIds?: readonly string[];
}): IncidentDraft[] {
  const drafts: IncidentDraft[] = [];
  const base = { requestId: input.requestId };
  for (const [layer, owners, where] of [
    ['prompt', input.foreignTenantIds, 'a model answer'],
    ['retrieval', input.retrievalForeignTenantIds ?? [], 'retrieved context'],
    ['prompt', input.inputForeignTenantIds ?? [], 'a request'],
    ['prompt', input.toolResultForeignTenantIds ?? [], 'a tool result sent'],
  ] as const) {
    for (const owner of owners) {
      drafts.push({
        ...base,
        tenantId: input.tenantId,
        kind: 'cross_tenant_bleed',
        severity: 'critical',
        layer,
        otherTenantId: owner,
        summary: `Another tenant's canary appeared in ${where} for this tenant; blocked.`,
      });
      drafts.push({
        requestId: null,
        tenantId: owner,
        kind: 'cross_tenant_bleed',
        severity: 'critical',
        layer,
        otherTenantId: input.tenantId,
        summary: `This tenant's canary appeared in ${where} for another tenant; blocked.`,
      });
    }
  }
  if (input.outputFindings.some((finding) => finding.kind === 'own_canary' && finding.severity === 'high')) {
    drafts.push({
      ...base,
      tenantId: input.tenantId,
      kind: 'prompt_leak',
      severity: 'high',
      layer: 'prompt',
      otherTenantId: null,
      summary: "The model answer contained this tenant's prompt canary.",
    });
  }
  const seenKinds = new Set<IncidentKind>();
  for (const finding of input.inputFindings) {
    const kind = INPUT_KINDS[finding.kind];
    if (!kind || finding.severity === 'low' || seenKinds.has(kind)) continue;
    seenKinds.add(kind);
    drafts.push({
      ...base,
      tenantId: input.tenantId,
      kind,
      severity: finding.severity,
      layer: 'prompt',
      otherTenantId: null,
      summary: `Input screening: ${finding.kind.replaceAll('_', ' ')} attempt (${finding.variant}).`,
    });
  }
  return drafts;
}
