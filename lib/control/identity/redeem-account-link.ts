import 'server-only';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { UserFacingError } from '@/lib/errors';
import { withPlatformSystemAccess, type PlatformTransaction } from '@/lib/tenancy/platform';
import { z } from 'zod';
import { findUsableLink, grantInvitation, INVALID_LINK_MESSAGE, type UsableLink } from '@/lib/auth/account-links/redeem-invitation';
import { newPasswordSchema, personNameSchema } from './identity-schemas';
import { revokeOpenSessions } from './change-user-account';
import { appendIdentityEvents } from '@/lib/audit/store/append-identity-events';

/** What the link page shows before the visitor acts; null when the link cannot be used. */
export interface AccountLinkView {
  kind: 'invitation' | 'password_reset';
  email: string;
  /** What accepting grants, in words (an invitation), or null (a reset). */
  grants: string | null;
  /** The invited email already has an account with a password: accepting asks for it instead of a new one. */
  hasPassword: boolean;
  /** The tenant an invitation leads into (where single sign-on lands the invitee), or null. */
  tenantSlug: string | null;
  expiresAt: string;
}

/**
 * Possession of the one-time token is the authorization here (the visitor is not signed in), so
 * this runs on the platform system path and carries out only what the link's row says.
 */
export async function getAccountLinkView(token: string): Promise<AccountLinkView | null> {
  return withPlatformSystemAccess('showing a one-time account link to its holder', async (tx) => {
    const link = await findUsableLink(tx, token, false);
    if (!link) return null;
    const user = await tx.user.findUnique({ where: { email: link.email }, select: { passwordHash: true } });
    const tenant = link.tenantId ? await tx.tenant.findUnique({ where: { id: link.tenantId }, select: { slug: true } }) : null;
    return {
      kind: link.kind,
      email: link.email,
      grants: await describeGrants(tx, link),
      hasPassword: Boolean(user?.passwordHash),
      tenantSlug: tenant?.slug ?? null,
      expiresAt: link.expiresAt.toISOString(),
    };
  });
}

/**
 * Accepts an invitation: a new account gets the name and password given; an existing account
 * proves itself with its password. Then the membership or platform role the invitation names is
 * granted, the link is spent, and every touched chain records it, all in one transaction.
 */
export async function acceptInvitation(token: string, input: { name: string; password: string }): Promise<{ email: string }> {
  const newHash = await hashPassword(input.password);
  return withPlatformSystemAccess('redeeming a one-time invitation', async (tx) => {
    const link = await findUsableLink(tx, token, true);
    if (!link || link.kind !== 'invitation') throw new UserFacingError(INVALID_LINK_MESSAGE, 409);
    const existing = await tx.user.findUnique({ where: { email: link.email }, select: { id: true, passwordHash: true, disabledAt: true, platformRole: true } });
    if (existing?.disabledAt) throw new UserFacingError('This account is deactivated. Ask a platform admin to reactivate it.', 409);
    if (existing?.passwordHash && !(await verifyPassword(existing.passwordHash, input.password))) {
      throw new UserFacingError('That is not the password of this account. Enter your current password to accept.', 422);
    }
    // A new password (a new account, or one that had none) must meet the rules; field errors name the field.
    if (!existing?.passwordHash) z.object({ name: existing ? z.string() : personNameSchema, password: newPasswordSchema }).parse(input);
    const user = existing
      ? await tx.user.update({ where: { id: existing.id }, data: existing.passwordHash ? {} : { passwordHash: newHash }, select: { id: true } })
      : await tx.user.create({ data: { email: link.email, name: input.name, passwordHash: newHash }, select: { id: true } });
    await grantInvitation(tx, link, { id: user.id, platformRole: existing?.platformRole ?? null, isNew: !existing, via: 'password' });
    return { email: link.email };
  });
}

/** Sets a new password through an admin-issued reset link and ends the account's open sessions. */
export async function resetPasswordWithLink(token: string, password: string): Promise<{ email: string }> {
  const newHash = await hashPassword(password);
  return withPlatformSystemAccess('redeeming a one-time password reset', async (tx) => {
    const link = await findUsableLink(tx, token, true);
    if (!link || link.kind !== 'password_reset' || !link.userId) throw new UserFacingError(INVALID_LINK_MESSAGE, 409);
    const user = await tx.user.findUnique({ where: { id: link.userId }, select: { disabledAt: true, memberships: { select: { tenantId: true } } } });
    if (!user || user.disabledAt) throw new UserFacingError(INVALID_LINK_MESSAGE, 409);
    await tx.user.update({ where: { id: link.userId }, data: { passwordHash: newHash } });
    const revoked = await revokeOpenSessions(tx, link.userId);
    await tx.accountLink.update({ where: { tokenHash: link.tokenHash }, data: { usedAt: new Date() } });
    await appendIdentityEvents(
      tx,
      user.memberships.map((row) => row.tenantId),
      {
        actor: { type: 'user', id: link.userId, label: link.email },
        action: 'user.password_reset',
        target: `user:${link.userId}`,
        requestId: crypto.randomUUID(),
        payload: { email: link.email, sessionsRevoked: revoked },
      },
    );
    return { email: link.email };
  });
}

async function describeGrants(tx: PlatformTransaction, link: UsableLink): Promise<string | null> {
  if (link.kind !== 'invitation') return null;
  if (link.tenantId) {
    const tenant = await tx.tenant.findUnique({ where: { id: link.tenantId }, select: { name: true } });
    return `${link.membershipRole === 'admin' ? 'Tenant admin' : 'Member'} of ${tenant?.name ?? 'a tenant'}`;
  }
  if (link.platformRole === 'platform_admin') return 'Platform admin';
  const tenants = await tx.tenant.findMany({ where: { id: { in: link.complianceTenantIds } }, select: { name: true }, orderBy: { name: 'asc' } });
  return `Compliance officer for ${tenants.map((tenant) => tenant.name).join(', ')}`;
}
