import { createAuditKeyPrincipal } from '@/lib/auth/api-key-principal';
import { getCurrentPrincipal } from '@/lib/auth/current-principal';
import type { Principal } from '@/lib/auth/principal';
import { ForbiddenError, UnauthenticatedError } from '@/lib/errors';
import { resolveApiKey } from '@/lib/auth/api-keys/api-key-cache';
import { isApiKeySecret, readBearerToken } from '@/lib/auth/api-keys/api-key-secret';

/** How a machine API request is authenticated; injectable so tests can stand in for the session. */
export type ResolveApiPrincipal = (request: Request) => Promise<Principal | null>;

const INVALID_KEY = 'Incorrect API key provided, or the key was revoked.';
const INFERENCE_KEY = 'This API key may only call the model (scope inference). Read the audit log with an audit_read key.';

/**
 * Who is calling a `/api/v1/audit` endpoint, or null (401). With `Authorization: Bearer <key>` only the
 * key counts (a cookie sent alongside is ignored): an audit_read key resolves to a principal whose only
 * grant is its tenant's audit log (createAuditKeyPrincipal). Without the header: the console session.
 * @throws UnauthenticatedError (401) for a malformed, unknown or revoked key, or another scheme
 * @throws ForbiddenError (403) for a valid key of another scope (an inference key)
 */
export async function resolveApiPrincipal(request: Request): Promise<Principal | null> {
  const authorization = request.headers.get('authorization');
  if (authorization === null) return getCurrentPrincipal();
  const secret = readBearerToken(authorization);
  if (!secret || !isApiKeySecret(secret)) throw new UnauthenticatedError(`${INVALID_KEY} Send it as Authorization: Bearer <key>.`);
  const key = await resolveApiKey(secret);
  if (!key) throw new UnauthenticatedError(INVALID_KEY);
  if (key.scope !== 'audit_read') throw new ForbiddenError(INFERENCE_KEY);
  return createAuditKeyPrincipal(key);
}
