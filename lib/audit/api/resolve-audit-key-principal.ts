import 'server-only';
import { createAuditKeyPrincipal } from '@/lib/auth/api-key-principal';
import type { Principal } from '@/lib/auth/principal';
import { ForbiddenError, UnauthenticatedError } from '@/lib/errors';
import { resolveApiKey } from '@/lib/auth/api-keys/api-key-cache';
import { isApiKeySecret, readBearerToken } from '@/lib/auth/api-keys/api-key-secret';

const INVALID_KEY = 'Incorrect API key provided, or the key was revoked.';
const INFERENCE_KEY = 'This API key may only call the model (scope inference). Read the audit log with an audit_read key.';

/**
 * The principal of an `Authorization` header on the audit API: an audit_read key resolves to a
 * principal whose only grant is its tenant's audit log (createAuditKeyPrincipal).
 * @throws UnauthenticatedError (401) for a malformed, unknown or revoked key, or another scheme
 * @throws ForbiddenError (403) for a valid key of another scope (an inference key)
 */
export async function resolveAuditKeyPrincipal(authorization: string): Promise<Principal> {
  const secret = readBearerToken(authorization);
  if (!secret || !isApiKeySecret(secret)) throw new UnauthenticatedError(`${INVALID_KEY} Send it as Authorization: Bearer <key>.`);
  const key = await resolveApiKey(secret);
  if (!key) throw new UnauthenticatedError(INVALID_KEY);
  if (key.scope !== 'audit_read') throw new ForbiddenError(INFERENCE_KEY);
  return createAuditKeyPrincipal(key);
}

/** For servers with no console session (the gateway service): the key, or nobody (401). */
export async function resolveAuditKeyOnly(request: Request): Promise<Principal | null> {
  const authorization = request.headers.get('authorization');
  return authorization === null ? null : resolveAuditKeyPrincipal(authorization);
}
