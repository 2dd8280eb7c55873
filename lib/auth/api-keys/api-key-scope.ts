/**
 * What a tenant API key may do, chosen when it is created and never changed. The two never overlap:
 * - `inference`: POST /api/v1/chat/completions and GET /api/v1/models (the gateway);
 * - `audit_read`: GET /api/v1/audit/events for the key's own tenant, read only (a compliance tool).
 */
export const API_KEY_SCOPES = ['inference', 'audit_read'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** How the console names each scope. */
export const API_KEY_SCOPE_LABELS: Record<ApiKeyScope, string> = {
  inference: 'Inference (chat completions)',
  audit_read: 'Audit log read (audit events API)',
};

/** The scope as stored, or null for anything else, so an unexpected value grants nothing. */
export function parseApiKeyScope(value: unknown): ApiKeyScope | null {
  return API_KEY_SCOPES.find((scope) => scope === value) ?? null;
}
