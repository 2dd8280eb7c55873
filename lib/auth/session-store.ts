import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { getIdentityClient } from '@/lib/tenancy/identity';
import type { Principal, TenantGrant, TenantRole } from './principal';

export const sessionLifetimeMs = 8 * 60 * 60 * 1000;

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Opens a server-side session and returns the random token the JWT will carry. */
export async function createSession(userId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await getIdentityClient().session.create({
    data: { tokenHash: hashSessionToken(token), userId, expiresAt: new Date(Date.now() + sessionLifetimeMs) },
  });
  return token;
}

export async function revokeSession(token: string): Promise<void> {
  await getIdentityClient().session.updateMany({
    where: { tokenHash: hashSessionToken(token), revokedAt: null },
    data: { revokedAt: new Date() },
  });
}

/**
 * Resolves a session token to its principal, or null when the session is unknown, expired,
 * revoked, or its user is disabled or gone. Runs on every request, so sign-out and removal
 * take effect at once.
 */
export async function getPrincipalForSessionToken(token: string): Promise<Principal | null> {
  const db = getIdentityClient();
  const tokenHash = hashSessionToken(token);
  const session = await db.session.findUnique({
    where: { tokenHash },
    select: { expiresAt: true, revokedAt: true, user: { select: { id: true, email: true, name: true, platformRole: true, disabledAt: true } } },
  });
  if (!session || session.revokedAt || session.expiresAt <= new Date() || session.user.disabledAt) return null;
  const grants = await db.$queryRaw<{ tenant_id: string; slug: string; name: string; grant_role: TenantRole }[]>`
    SELECT tenant_id, slug, name, grant_role FROM bulkhead_principal_grants(${session.user.id}::uuid)`;
  return {
    userId: session.user.id,
    email: session.user.email,
    name: session.user.name,
    platformRole: session.user.platformRole,
    grants: grants.map((row): TenantGrant => ({ tenantId: row.tenant_id, slug: row.slug, name: row.name, role: row.grant_role })),
    sessionTokenHash: tokenHash,
  };
}
