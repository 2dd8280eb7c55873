import 'server-only';
import type { AuditActor } from '@/lib/audit/event';
import type { Principal } from '@/lib/auth/principal';
import { UserFacingError } from '@/lib/errors';
import { withPlatformAccess } from '@/lib/tenancy/platform';
import { createAccountLinkToken, PASSWORD_RESET_LIFETIME_MS, toIssuedLink, type IssuedLink } from '@/lib/auth/account-links/account-link-token';
import { getUserForChange } from './change-user-account';
import { appendIdentityEvents } from '@/lib/audit/store/append-identity-events';

/**
 * A one-time link with which the user sets a new password. Only platform admins issue it: a
 * tenant admin resetting the password of someone who is also in other tenants would take over
 * their access there. Earlier unused reset links for the same user stop working.
 */
export async function issuePasswordReset(principal: Principal, input: { userId: string; actor: AuditActor; requestId: string }): Promise<IssuedLink> {
  const { token, tokenHash } = createAccountLinkToken();
  const expiresAt = new Date(Date.now() + PASSWORD_RESET_LIFETIME_MS);
  await withPlatformAccess(principal, async (tx) => {
    const user = await getUserForChange(tx, input.userId);
    const isDisabled = (await tx.user.count({ where: { id: input.userId, disabledAt: { not: null } } })) > 0;
    if (isDisabled) throw new UserFacingError('Reactivate the account before issuing a password reset.', 409);
    await tx.accountLink.updateMany({
      where: { userId: input.userId, kind: 'password_reset', usedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    await tx.accountLink.create({ data: { tokenHash, kind: 'password_reset', email: user.email, userId: input.userId, createdBy: input.actor.id, expiresAt } });
    await appendIdentityEvents(tx, user.tenantIds, {
      actor: input.actor,
      action: 'user.password_reset_issue',
      target: `user:${input.userId}`,
      requestId: input.requestId,
      payload: { email: user.email, expiresAt: expiresAt.toISOString() },
    });
  });
  return toIssuedLink(token, expiresAt);
}
