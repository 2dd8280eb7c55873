import { PLATFORM_CHAIN_ID } from '@/lib/audit/store/audit-transaction';
import type { Principal } from '@/lib/auth/principal';
import { createSession, getPrincipalForSessionToken } from '@/lib/auth/session-store';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { withTenant } from '@/lib/tenancy/with-tenant';

/** A real platform-admin account and the principal it would have when signed in. */
export async function createPlatformAdminPrincipal(label: string): Promise<Principal> {
  const email = `${label}-${crypto.randomUUID().slice(0, 8)}@test.example`;
  const user = await withPlatformSystemAccess('test fixture', (tx) =>
    tx.user.create({ data: { email, name: label, passwordHash: null, platformRole: 'platform_admin' }, select: { id: true } }),
  );
  return { userId: user.id, email, name: label, platformRole: 'platform_admin', grants: [], sessionTokenHash: '' };
}

/** The principal a session token resolves to now (null once revoked, deactivated or gone). */
export async function openSessionFor(userId: string): Promise<{ token: string; isValid: () => Promise<boolean> }> {
  const token = await createSession(userId);
  return { token, isValid: async () => (await getPrincipalForSessionToken(token)) !== null };
}

/** Identity events with this request id in one chain (a tenant's, or the platform's). */
export function findChainEvents(chainId: string, action: string) {
  return withTenant(chainId, (tx) =>
    tx.auditEvent.findMany({
      where: { tenantId: chainId, action },
      orderBy: { seq: 'asc' },
      select: { target: true, requestId: true, payloadJson: true, actorId: true },
    }),
  );
}

export { PLATFORM_CHAIN_ID };
