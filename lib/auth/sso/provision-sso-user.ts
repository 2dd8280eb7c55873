import 'server-only';
import { randomUUID } from 'node:crypto';
import type { AuditActor } from '@/lib/audit/event';
import { appendAuditEvents } from '@/lib/audit/store/append-events';
import { PLATFORM_CHAIN_ID } from '@/lib/audit/store/audit-transaction';
import { appendIdentityEvents } from '@/lib/audit/store/append-identity-events';
import { withPlatformSystemAccess, type PlatformTransaction } from '@/lib/tenancy/platform';
import { findUsableLink, grantInvitation } from '../account-links/redeem-invitation';
import { isLastActivePlatformAdmin } from '../platform-admin-guard';
import { mapClaims, type ClaimMapping, type MappedAccess } from './map-claims';

export type SsoProvisioning =
  | { outcome: 'ok'; user: { id: string; email: string; name: string } }
  | { outcome: 'no_access' }
  /** The invitation being accepted is unknown, spent, withdrawn or expired. */
  | { outcome: 'invitation_invalid' }
  /** The identity provider's verified email is not the invitation's (or that account is another identity's). */
  | { outcome: 'invitation_email_mismatch' };

/** The verified ID-token claims sign-in passes on (next-auth has checked signature, issuer, audience, nonce). */
export interface SsoIdentity {
  issuer: string;
  claims: Record<string, unknown>;
}

/**
 * Just-in-time provisioning at every SSO sign-in: finds the account linked to the identity (or links
 * the account with the same verified email, or creates one), then makes its SSO-granted memberships
 * and platform role exactly what the claim mapping says now, so a changed mapping changes access at
 * the next sign-in. What the console granted is left alone. An identity that ends with no access at
 * all gets none: no account is created for it.
 *
 * With an invitation token (the invitee chose "Continue with SSO" on the link page), the invitation
 * is accepted in the same transaction, for the account whose email the provider verified and only
 * if that is the invited email.
 */
export async function provisionSsoUser(identity: SsoIdentity, invitationToken?: string): Promise<SsoProvisioning> {
  return withPlatformSystemAccess('provisioning a single sign-on user', (tx) => provisionInTransaction(tx, identity, invitationToken));
}

/** provisionSsoUser's work in the caller's platform transaction (tests roll one back to play "the last admin"). */
export async function provisionInTransaction(tx: PlatformTransaction, identity: SsoIdentity, invitationToken?: string): Promise<SsoProvisioning> {
  const sub = typeof identity.claims.sub === 'string' ? identity.claims.sub : null;
  const email = typeof identity.claims.email === 'string' ? identity.claims.email.trim().toLowerCase() : null;
  if (!sub || !email) return invitationToken ? { outcome: 'invitation_email_mismatch' } : { outcome: 'no_access' };
  const subject = `${identity.issuer} ${sub}`;
  const isEmailVerified = identity.claims.email_verified === true;
  const name = typeof identity.claims.name === 'string' && identity.claims.name.trim() ? identity.claims.name.trim().slice(0, 200) : email;
  const invitation = invitationToken ? await findUsableLink(tx, invitationToken, true) : null;
  if (invitationToken && (!invitation || invitation.kind !== 'invitation')) return { outcome: 'invitation_invalid' };
  if (invitation && (!isEmailVerified || email !== invitation.email)) return { outcome: 'invitation_email_mismatch' };
  const mapped = mapClaims(identity.claims, await findActiveMappings(tx));

  const select = { id: true, email: true, disabledAt: true, platformRole: true } as const;
  let user = await tx.user.findUnique({ where: { ssoSubject: subject }, select });
  if (!user && isEmailVerified) {
    const byEmail = await tx.user.findUnique({ where: { email }, select: { ...select, ssoSubject: true } });
    if (byEmail && byEmail.ssoSubject === null) user = await tx.user.update({ where: { id: byEmail.id }, data: { ssoSubject: subject }, select });
  }
  // The invitation names an email: the account that accepts it must be that email's.
  if (invitation && user && user.email !== invitation.email) return { outcome: 'invitation_email_mismatch' };
  if (user?.disabledAt) return { outcome: 'no_access' };
  const isNew = !user;
  if (!user) {
    if ((await tx.user.count({ where: { email } })) > 0) return invitation ? { outcome: 'invitation_email_mismatch' } : { outcome: 'no_access' };
    if (!invitation && mapped.tenantRoles.size === 0 && !mapped.platformRole) return { outcome: 'no_access' };
    user = await tx.user.create({ data: { email, name, passwordHash: null, ssoSubject: subject }, select });
  }
  if (invitation) await grantInvitation(tx, invitation, { id: user.id, platformRole: user.platformRole, isNew, via: 'sso' });
  const actor: AuditActor = { type: 'system', id: 'sso', label: user.email };
  await syncSsoMemberships(tx, user.id, mapped.tenantRoles, actor);
  await syncSsoPlatformRole(tx, user.id, mapped, actor);
  const access = await tx.user.findUnique({
    where: { id: user.id },
    select: { platformRole: true, _count: { select: { memberships: true, complianceAssignments: true } } },
  });
  if (!access?.platformRole && access?._count.memberships === 0 && access._count.complianceAssignments === 0) return { outcome: 'no_access' };
  return { outcome: 'ok', user: { id: user.id, email: user.email, name } };
}

/** Every rule, with tenants that are gone or archived left out (a compliance rule keeps its active tenants). */
async function findActiveMappings(tx: PlatformTransaction): Promise<ClaimMapping[]> {
  const [rows, activeTenants] = await Promise.all([
    tx.ssoRoleMapping.findMany({ select: { claim: true, value: true, tenantId: true, membershipRole: true, platformRole: true, complianceTenantIds: true } }),
    tx.tenant.findMany({ where: { status: 'active' }, select: { id: true } }),
  ]);
  const isActive = new Set(activeTenants.map((tenant) => tenant.id));
  return rows.flatMap((row): ClaimMapping[] => {
    if (row.platformRole) {
      return [
        { claim: row.claim, value: row.value, platformRole: row.platformRole, complianceTenantIds: row.complianceTenantIds.filter((id) => isActive.has(id)) },
      ];
    }
    return row.tenantId && row.membershipRole && isActive.has(row.tenantId)
      ? [{ claim: row.claim, value: row.value, tenantId: row.tenantId, role: row.membershipRole }]
      : [];
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

/**
 * The platform role follows the mapping when SSO granted it (or there is none); a role set in the
 * console stays. The last active platform admin keeps the role even when the claim is gone, as the
 * console refuses to demote them: someone must still be able to manage users and the mapping.
 * A compliance officer's SSO-granted tenants follow the mapping; console assignments stay.
 */
async function syncSsoPlatformRole(tx: PlatformTransaction, userId: string, mapped: MappedAccess, actor: AuditActor): Promise<void> {
  const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, platformRole: true, platformRoleBySso: true } });
  let role = user.platformRole;
  if (!user.platformRole || user.platformRoleBySso) {
    role = mapped.platformRole;
    if (user.platformRole === 'platform_admin' && role !== 'platform_admin' && (await isLastActivePlatformAdmin(tx, userId))) role = 'platform_admin';
  }
  const assignments = await tx.complianceAssignment.findMany({ where: { userId }, select: { tenantId: true, grantedBySso: true } });
  const wanted = role === 'compliance_officer' ? mapped.complianceTenantIds : new Set<string>();
  const added = [...wanted].filter((tenantId) => !assignments.some((row) => row.tenantId === tenantId));
  const removed = assignments.filter((row) => row.grantedBySso && !wanted.has(row.tenantId)).map((row) => row.tenantId);
  if (role === user.platformRole && added.length === 0 && removed.length === 0) return;
  if (role !== user.platformRole) await tx.user.update({ where: { id: userId }, data: { platformRole: role, platformRoleBySso: role !== null } });
  await tx.complianceAssignment.createMany({ data: added.map((tenantId) => ({ tenantId, userId, grantedBySso: true })) });
  await tx.complianceAssignment.deleteMany({ where: { userId, tenantId: { in: removed } } });
  await appendIdentityEvents(tx, [...added, ...removed], {
    actor,
    action: 'user.platform_role_change',
    target: `user:${userId}`,
    requestId: randomUUID(),
    payload: {
      email: user.email,
      via: 'sso',
      before: { platformRole: user.platformRole, complianceTenantIdsRemoved: removed },
      after: { platformRole: role, complianceTenantIdsAdded: added },
    },
  });
}
