import 'server-only';
import { createHmac } from 'node:crypto';
import { env } from '@/lib/env';
import { GatewayError } from './gateway-error';

/**
 * The end-user id as the upstream sees it: HMAC-SHA256 under a key derived for this tenant from
 * the server's cache-salt secret. The same end user of one tenant keeps one stable id (abuse
 * tracking upstream still works), the clear id never reaches a shared upstream, and equal ids in
 * two tenants hash apart, so nobody can correlate users across tenants.
 * @throws GatewayError 503 when the secret is not configured (fail closed: no clear ids upstream)
 */
export function hashEndUserId(tenantId: string, endUserId: string, secret = env.cacheSaltSecret): string {
  if (!secret) throw new GatewayError(503, 'End-user id hashing is not configured on this gateway.', 'end_user_hash_unconfigured');
  const tenantKey = createHmac('sha256', secret).update(`end-user-id\u0000${tenantId}`).digest();
  return `u_${createHmac('sha256', tenantKey).update(endUserId).digest('base64url')}`;
}

/** `user` and `safety_identifier`, hashed for the upstream. */
export function hashEndUserFields(tenantId: string, endUser: { user?: string; safety_identifier?: string }): Record<string, string> {
  return Object.fromEntries(Object.entries(endUser).map(([field, value]) => [field, hashEndUserId(tenantId, value)]));
}
