import 'server-only';
import { randomUUID } from 'node:crypto';
import type { AuditActor } from '@/lib/audit/event';
import { appendAuditEvents } from '@/lib/audit/store/append-events';
import { PLATFORM_CHAIN_ID } from '@/lib/audit/store/audit-transaction';
import { withPlatformSystemAccess, type PlatformTransaction } from '@/lib/tenancy/platform';
import { mapClaimsToTenantRoles } from './map-claims';

export type SsoProvisioning = { outcome: 'ok'; user: { id: string; email: string; name: string } } | { outcome: 'no_access' };

/** The verified ID-token claims sign-in passes on (next-auth has checked signature, issuer, audience, nonce). */
export interface SsoIdentity {
  issuer: string;
  claims: Record<string, unknown>;
}

/**
 * Just-in-time provisioning at every SSO sign-in: finds the account linked to the identity (or links
 * the account with the same verified email, or creates one), then makes its SSO-granted memberships
 * exactly what the claim mapping says now, so a changed mapping changes access at the next sign-in.
 * Memberships given in the console are left alone. An identity that ends with no access at all
 * gets none: no account is created for it.
 */
export async function provisionSsoUser(identity: SsoIdentity): Promise<SsoProvisioning> {
  const sub = typeof identity.claims.sub === 'string' ? identity.claims.sub : null;
  const email = typeof identity.claims.email === 'string' ? identity.claims.email.trim().toLowerCase() : null;
  if (!sub || !email) return { outcome: 'no_access' };
  const subject = `${identity.issuer} ${sub}`;
  const name = typeof identity.claims.name === 'string' && identity.claims.name.trim() ? identity.claims.name.trim().slice(0, 200) : email;

  return withPlatformSystemAccess('provisioning a single sign-on user', async (tx) => {
    const mappings = await tx.ssoRoleMapping.findMany({
      where: { tenant: { status: 'active' } },
      select: { claim: true, value: true, tenantId: true, membershipRole: true },
    });
    const mapped = mapClaimsToTenantRoles(
      identity.claims,
      mappings.map((mapping) => ({ ...mapping, role: mapping.membershipRole })),
    );
    let user = await tx.user.findUnique({ where: { ssoSubject: subject }, select: { id: true, email: true, disabledAt: true } });
    if (!user && identity.claims.email_verified === true) {
      const byEmail = await tx.user.findUnique({ where: { email }, select: { id: true, email: true, disabledAt: true, ssoSubject: true } });
      if (byEmail && byEmail.ssoSubject === null)
        user = await tx.user.update({ where: { id: byEmail.id }, data: { ssoSubject: subject }, select: { id: true, email: true, disabledAt: true } });
    }
    if (user?.disabledAt) return { outcome: 'no_access' };
    if (!user) {
      if (mapped.size === 0 || (await tx.user.count({ where: { email } })) > 0) return { outcome: 'no_access' };
      user = await tx.user.create({ data: { email, name, passwordHash: null, ssoSubject: subject }, select: { id: true, email: true, disabledAt: true } });
    }
    const actor: AuditActor = { type: 'system', id: 'sso', label: user.email };
    await syncSsoMemberships(tx, user.id, mapped, actor);
    const access = await tx.user.findUnique({
      where: { id: user.id },
      select: { platformRole: true, _count: { select: { memberships: true, complianceAssignments: true } } },
    });
    if (!access?.platformRole && access?._count.memberships === 0 && access._count.complianceAssignments === 0) return { outcome: 'no_access' };
    return { outcome: 'ok', user: { id: user.id, email: user.email, name } };
  });
}

async function syncSsoMemberships(tx: PlatformTransaction, userId: string, mapped: Map<string, 'admin' | 'member'>, actor: AuditActor): Promise<void> {
  const current = await tx.membership.findMany({ where: { userId }, select: { tenantId: true, role: true, grantedBySso: true } });
  const requestId = randomUUID();
  const record = async (tenantId: string, action: 'member.add' | 'member.update' | 'member.remove', payload: Record<string, string | null>) => {
    for (const chain of [tenantId, PLATFORM_CHAIN_ID]) {
      await appendAuditEvents(tx, chain, [
        { actor, action, target: `user:${userId}`, requestId, outcome: 'success', payload: { ...payload, tenantId, via: 'sso' } },
      ]);
    }
  };
  for (const [tenantId, role] of mapped) {
    const existing = current.find((membership) => membership.tenantId === tenantId);
    if (!existing) {
      await tx.membership.create({ data: { tenantId, userId, role, grantedBySso: true } });
      await record(tenantId, 'member.add', { role });
    } else if (existing.grantedBySso && existing.role !== role) {
      await tx.membership.update({ where: { tenantId_userId: { tenantId, userId } }, data: { role } });
      await record(tenantId, 'member.update', { before: existing.role, after: role });
    }
  }
  for (const membership of current.filter((candidate) => candidate.grantedBySso && !mapped.has(candidate.tenantId))) {
    await tx.membership.delete({ where: { tenantId_userId: { tenantId: membership.tenantId, userId } } });
    await record(membership.tenantId, 'member.remove', { role: membership.role });
  }
}
