import 'server-only';
import type { AuditActor } from '@/lib/audit/event';
import type { TenantAccess } from '@/lib/auth/tenant-access';
import type { PromptChoice } from '@/lib/prompts/prompt-config-source';
import { resolveApiKey } from '@/lib/auth/api-keys/api-key-cache';
import { isApiKeySecret, readBearerToken } from '@/lib/auth/api-keys/api-key-secret';
import { recordKeyUse } from '@/lib/auth/api-keys/record-key-use';
import { GatewayError } from './gateway-error';

/**
 * Who is calling and for which tenant: the only source of the tenant for the rest of the pipeline.
 * Nothing in the body, the headers (other than the credential) or the prompt can change it.
 */
export interface GatewayPrincipal {
  tenantId: string;
  kind: 'api_key' | 'user';
  actor: AuditActor;
  /**
   * The playground only: the prompt configuration or version the signed-in user chose to chat with,
   * already allowed for their role. It selects within the tenant above and nothing else: the
   * pipeline reads it under that tenant, so another tenant's id is not found. API keys never carry one.
   */
  promptChoice?: PromptChoice;
}

const MISSING_KEY = "You didn't provide an API key. Provide it in an Authorization header using Bearer auth (Authorization: Bearer YOUR_KEY).";
const INVALID_KEY = 'Incorrect API key provided, or the key was revoked.';
const AUDIT_ONLY_KEY = 'This API key may only read the audit log (scope audit_read). Call the model with an inference key.';

/**
 * Step 1 for the API: the bearer key resolves to exactly one tenant (in-memory cache, revocation
 * invalidates). Malformed keys are refused before any lookup; only inference keys may go on.
 * @throws GatewayError 401 for a missing, malformed, unknown or revoked key
 * @throws GatewayError 403 for a valid key of another scope (an audit-read key)
 */
export async function resolveApiKeyPrincipal(authorization: string | null): Promise<GatewayPrincipal> {
  const secret = readBearerToken(authorization);
  if (!secret) throw new GatewayError(401, MISSING_KEY, 'missing_api_key');
  if (!isApiKeySecret(secret)) throw new GatewayError(401, INVALID_KEY, 'invalid_api_key');
  const key = await resolveApiKey(secret);
  if (!key) throw new GatewayError(401, INVALID_KEY, 'invalid_api_key');
  if (key.scope !== 'inference') throw new GatewayError(403, AUDIT_ONLY_KEY, 'insufficient_scope');
  recordKeyUse(key);
  return { tenantId: key.tenantId, kind: 'api_key', actor: { type: 'api_key', id: key.keyId, label: key.keyName } };
}

/**
 * Step 1 for the playground: a signed-in user whose access to the tenant was already checked by
 * resolveTenantAccess (membership with playground.use, or a platform admin through the platform path).
 */
export function resolveSessionPrincipal(access: TenantAccess, promptChoice?: PromptChoice): GatewayPrincipal {
  const actor: AuditActor = { type: 'user', id: access.principal.userId, label: access.principal.email };
  return { tenantId: access.tenant.id, kind: 'user', actor, ...(promptChoice ? { promptChoice } : {}) };
}
