import 'server-only';
import type { AuditActor } from '@/lib/audit/event';
import type { Principal } from '@/lib/auth/principal';
import { NotFoundError, UserFacingError } from '@/lib/errors';
import { withPlatformAccess, type PlatformTransaction } from '@/lib/tenancy/platform';
import { appendIdentityEvents } from '@/lib/audit/store/append-identity-events';
import { assertAnotherPlatformAdminRemains } from '@/lib/auth/platform-admin-guard';

interface AccountChange {
  userId: string;
  actor: AuditActor;
  requestId: string;
}

/**
 * Sets a user's platform role (none, platform admin, or compliance officer with the tenants whose
 * audit logs they may read). Recorded in the platform chain and the chain of every tenant whose
 * compliance assignment changed.
 */
export async function setPlatformRole(
  principal: Principal,
  input: AccountChange & { platformRole: 'platform_admin' | 'compliance_officer' | null; complianceTenantIds: string[] },
): Promise<void> {
  await withPlatformAccess(principal, async (tx) => {
    const user = await getUserForChange(tx, input.userId);
    if (user.platformRole === 'platform_admin' && input.platformRole !== 'platform_admin') await assertAnotherPlatformAdminRemains(tx, input.userId);
    const assigned = input.platformRole === 'compliance_officer' ? [...new Set(input.complianceTenantIds)] : [];
    if (input.platformRole === 'compliance_officer' && assigned.length === 0) {
      throw new UserFacingError('Assign at least one tenant to a compliance officer.', 422);
    }
    const activeTenants = await tx.tenant.count({ where: { id: { in: assigned }, status: 'active' } });
    if (activeTenants !== assigned.length) throw new UserFacingError('One of the chosen tenants no longer exists.', 422);
    const before = (await tx.complianceAssignment.findMany({ where: { userId: input.userId }, select: { tenantId: true } })).map((row) => row.tenantId);
    // Set in the console, the role and assignments are the console's: the SSO claim mapping no longer changes them.
    await tx.user.update({ where: { id: input.userId }, data: { platformRole: input.platformRole, platformRoleBySso: false } });
    await tx.complianceAssignment.deleteMany({ where: { userId: input.userId, tenantId: { notIn: assigned } } });
    await tx.complianceAssignment.createMany({ data: assigned.map((tenantId) => ({ tenantId, userId: input.userId })), skipDuplicates: true });
    await tx.complianceAssignment.updateMany({ where: { userId: input.userId }, data: { grantedBySso: false } });
    const touched = [...before.filter((id) => !assigned.includes(id)), ...assigned.filter((id) => !before.includes(id))];
    await appendIdentityEvents(tx, touched, {
      actor: input.actor,
      action: 'user.platform_role_change',
      target: `user:${input.userId}`,
      requestId: input.requestId,
      payload: {
        email: user.email,
        before: { platformRole: user.platformRole, complianceTenantIds: before },
        after: { platformRole: input.platformRole, complianceTenantIds: assigned },
      },
    });
  });
}

/**
 * Deactivates or reactivates an account. Deactivation revokes every open session in the same
 * transaction, and the session check refuses a disabled user anyway, so the next request fails.
 */
export async function setUserActive(principal: Principal, input: AccountChange & { isActive: boolean }): Promise<void> {
  await withPlatformAccess(principal, async (tx) => {
    const user = await getUserForChange(tx, input.userId);
    if (!input.isActive) await assertAnotherPlatformAdminRemains(tx, input.userId);
    await tx.user.update({ where: { id: input.userId }, data: { disabledAt: input.isActive ? null : new Date() } });
    const revoked = input.isActive ? 0 : await revokeOpenSessions(tx, input.userId);
    await appendIdentityEvents(tx, user.tenantIds, {
      actor: input.actor,
      action: input.isActive ? 'user.reactivate' : 'user.deactivate',
      target: `user:${input.userId}`,
      requestId: input.requestId,
      payload: { email: user.email, ...(input.isActive ? {} : { sessionsRevoked: revoked }) },
    });
  });
}

/** Ends every open session of a user at once (they must sign in again). */
export async function revokeUserSessions(principal: Principal, input: AccountChange): Promise<number> {
  return withPlatformAccess(principal, async (tx) => {
    const user = await getUserForChange(tx, input.userId);
    const revoked = await revokeOpenSessions(tx, input.userId);
    await appendIdentityEvents(tx, user.tenantIds, {
      actor: input.actor,
      action: 'user.sessions_revoke',
      target: `user:${input.userId}`,
      requestId: input.requestId,
      payload: { email: user.email, sessionsRevoked: revoked },
    });
    return revoked;
  });
}

export async function revokeOpenSessions(tx: PlatformTransaction, userId: string): Promise<number> {
  const { count } = await tx.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count;
}

/** The user with the tenants whose chains a change to them touches (memberships, not compliance reads). */
export async function getUserForChange(tx: PlatformTransaction, userId: string) {
  const user = await tx.user.findUnique({
    where: { id: userId },
    select: { email: true, platformRole: true, memberships: { select: { tenantId: true } } },
  });
  if (!user) throw new NotFoundError('No such user.');
  return { email: user.email, platformRole: user.platformRole, tenantIds: user.memberships.map((row) => row.tenantId) };
}
