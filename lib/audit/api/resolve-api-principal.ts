import { getCurrentPrincipal } from '@/lib/auth/current-principal';
import type { Principal } from '@/lib/auth/principal';

/** How a machine API request is authenticated; injectable so tests can stand in for the session. */
export type ResolveApiPrincipal = (request: Request) => Promise<Principal | null>;

/**
 * Who is calling a `/api/v1` endpoint, or null (401). Today: the console session cookie. Tenant API keys
 * (the gateway issue) plug in here: an `Authorization: Bearer` key resolves to a principal whose only grant
 * is the key's tenant, so tenant selection and permissions downstream stay exactly as for a session.
 * Until then a request carrying an Authorization header is refused rather than read with its cookie.
 */
export async function resolveApiPrincipal(request: Request): Promise<Principal | null> {
  if (request.headers.has('authorization')) return null;
  return getCurrentPrincipal();
}
