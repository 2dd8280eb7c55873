import 'server-only';
import type { AuditActor } from '@/lib/audit/event';
import { appendAuditEvents } from '@/lib/audit/store/append-events';
import { UserFacingError } from '@/lib/errors';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { createAccountLinkToken, INVITATION_LIFETIME_MS, toIssuedLink, type IssuedLink } from '@/lib/auth/account-links/account-link-token';
import { recordPlatformCopy } from '@/lib/audit/store/append-identity-events';

/**
 * Invites an email address into one tenant with a tenant role, as the app role in that tenant's
 * context: RLS confines the invitation to this tenant and refuses any platform role, whoever calls.
 * The one-time link is returned once and only its hash is kept.
 */
export async function inviteToTenant(
  tenantId: string,
  input: { email: string; role: 'admin' | 'member'; actor: AuditActor; requestId: string },
): Promise<IssuedLink> {
  const { token, tokenHash } = createAccountLinkToken();
  const expiresAt = new Date(Date.now() + INVITATION_LIFETIME_MS);
  const change = {
    actor: input.actor,
    action: 'member.invite' as const,
    target: `invitation:${input.email}`,
    requestId: input.requestId,
    payload: { tenantId, email: input.email, role: input.role, expiresAt: expiresAt.toISOString() },
  };
  await withTenant(tenantId, async (tx) => {
    const existing = await tx.membership.count({ where: { tenantId, user: { email: input.email } } });
    if (existing > 0) throw new UserFacingError(`${input.email} is already a member of this tenant.`, 409);
    await tx.accountLink.create({
      data: { tokenHash, kind: 'invitation', email: input.email, tenantId, membershipRole: input.role, createdBy: input.actor.id, expiresAt },
    });
    await appendAuditEvents(tx, tenantId, [{ ...change, outcome: 'success' }]);
  });
  await recordPlatformCopy(change);
  return toIssuedLink(token, expiresAt);
}
