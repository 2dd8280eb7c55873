import 'server-only';
import { getCurrentPrincipal } from '@/lib/auth/current-principal';
import type { Principal } from '@/lib/auth/principal';
import { resolveAuditKeyPrincipal } from './resolve-audit-key-principal';

/** How a machine API request is authenticated; injectable so tests can stand in for the session. */
export type ResolveApiPrincipal = (request: Request) => Promise<Principal | null>;

/**
 * Who is calling a `/api/v1/audit` endpoint of the console, or null (401). With `Authorization: Bearer
 * <key>` only the key counts (a cookie sent alongside is ignored; resolveAuditKeyPrincipal). Without
 * the header: the console session.
 * @throws UnauthenticatedError (401) for a malformed, unknown or revoked key, or another scheme
 * @throws ForbiddenError (403) for a valid key of another scope (an inference key)
 */
export async function resolveApiPrincipal(request: Request): Promise<Principal | null> {
  const authorization = request.headers.get('authorization');
  if (authorization === null) return getCurrentPrincipal();
  return resolveAuditKeyPrincipal(authorization);
}
