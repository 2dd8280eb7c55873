import 'server-only';
import { appendIdentityEvents } from '@/lib/audit/store/append-identity-events';
import type { PlatformTransaction } from '@/lib/tenancy/platform';
import { hashAccountLinkToken } from './account-link-token';

/** One message for an unknown, expired, used, withdrawn or replaced link: it says nothing about which. */
export const INVALID_LINK_MESSAGE = 'This link is no longer valid: it has expired, was already used or was replaced. Ask your admin for a new one.';

export type UsableLink = NonNullable<Awaited<ReturnType<typeof findUsableLink>>>;

/**
 * The link if it is unspent, not withdrawn and unexpired; locked when about to be spent, so two
 * tabs (or a password and a single sign-on acceptance) cannot both use it.
 */
export async function findUsableLink(tx: PlatformTransaction, token: string, forUpdate: boolean) {
  const tokenHash = hashAccountLinkToken(token);
  if (forUpdate) await tx.$executeRaw`SELECT 1 FROM account_links WHERE token_hash = ${tokenHash} FOR UPDATE`;
  const link = await tx.accountLink.findUnique({ where: { tokenHash } });
  if (!link || link.usedAt || link.revokedAt || link.expiresAt <= new Date()) return null;
  return link;
}

/**
 * Grants what an invitation names to the account that accepted it, spends the link and records it
 * in every touched chain, in the caller's transaction (the link locked by findUsableLink). Shared by
 * acceptance with a password and with single sign-on, so both grant exactly the same.
 */
export async function grantInvitation(
  tx: PlatformTransaction,
  link: UsableLink,
  account: { id: string; platformRole: 'platform_admin' | 'compliance_officer' | null; isNew: boolean; via: 'password' | 'sso' },
): Promise<void> {
  if (link.tenantId && link.membershipRole) {
    await tx.membership.upsert({
      where: { tenantId_userId: { tenantId: link.tenantId, userId: account.id } },
      create: { tenantId: link.tenantId, userId: account.id, role: link.membershipRole },
      // Accepted in person, the membership is the console's from now on: a claim mapping no longer removes it.
      update: { role: link.membershipRole, grantedBySso: false },
    });
  }
  // An invitation never lowers a platform admin to compliance officer.
  if (link.platformRole && account.platformRole !== 'platform_admin') {
    await tx.user.update({ where: { id: account.id }, data: { platformRole: link.platformRole, platformRoleBySso: false } });
    await tx.complianceAssignment.createMany({ data: link.complianceTenantIds.map((tenantId) => ({ tenantId, userId: account.id })), skipDuplicates: true });
  }
  await tx.accountLink.update({ where: { tokenHash: link.tokenHash }, data: { usedAt: new Date() } });
  await appendIdentityEvents(tx, [...(link.tenantId ? [link.tenantId] : []), ...link.complianceTenantIds], {
    actor: { type: 'user', id: account.id, label: link.email },
    action: 'member.invitation_accept',
    target: `user:${account.id}`,
    requestId: crypto.randomUUID(),
    payload: {
      email: link.email,
      tenantId: link.tenantId,
      role: link.membershipRole,
      platformRole: link.platformRole,
      isNewAccount: account.isNew,
      via: account.via,
    },
  });
}
