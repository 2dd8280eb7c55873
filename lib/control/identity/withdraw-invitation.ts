import 'server-only';
import type { AuditActor } from '@/lib/audit/event';
import { appendAuditEvents } from '@/lib/audit/store/append-events';
import { appendIdentityEvents, recordPlatformCopy, type IdentityChange } from '@/lib/audit/store/append-identity-events';
import type { Principal } from '@/lib/auth/principal';
import { NotFoundError } from '@/lib/errors';
import { withPlatformAccess } from '@/lib/tenancy/platform';
import { withTenant } from '@/lib/tenancy/with-tenant';

interface Withdrawal {
  invitationId: string;
  actor: AuditActor;
  requestId: string;
}

const GONE_MESSAGE = 'That invitation is no longer open: it was accepted, withdrawn or has expired.';

/** Only an open invitation can be withdrawn; its link then gets the answer an expired one gets. */
const openInvitation = (id: string) => ({ id, kind: 'invitation' as const, usedAt: null, revokedAt: null, expiresAt: { gt: new Date() } });

function describeWithdrawal(
  link: { email: string; tenantId: string | null; membershipRole: string | null; platformRole: string | null },
  input: Withdrawal,
): IdentityChange {
  return {
    actor: input.actor,
    action: 'member.invitation_withdraw',
    target: `invitation:${link.email}`,
    requestId: input.requestId,
    payload: { email: link.email, tenantId: link.tenantId, role: link.membershipRole, platformRole: link.platformRole },
  };
}

/**
 * A tenant admin withdraws an open invitation of their own tenant, as the app role in that tenant's
 * context: RLS hides every other tenant's invitation, so another tenant's id is simply not found.
 */
export async function withdrawTenantInvitation(tenantId: string, input: Withdrawal): Promise<void> {
  const change = await withTenant(tenantId, async (tx) => {
    const link = await tx.accountLink.findFirst({ where: { ...openInvitation(input.invitationId), tenantId } });
    if (!link) throw new NotFoundError(GONE_MESSAGE);
    await tx.accountLink.update({ where: { tokenHash: link.tokenHash }, data: { revokedAt: new Date() } });
    const described = describeWithdrawal(link, input);
    await appendAuditEvents(tx, tenantId, [{ ...described, outcome: 'success' }]);
    return described;
  });
  await recordPlatformCopy(change);
}

/** A platform admin withdraws any open invitation (a tenant's or a platform role's). */
export async function withdrawInvitation(principal: Principal, input: Withdrawal): Promise<void> {
  await withPlatformAccess(principal, async (tx) => {
    const link = await tx.accountLink.findFirst({ where: openInvitation(input.invitationId) });
    if (!link) throw new NotFoundError(GONE_MESSAGE);
    await tx.accountLink.update({ where: { tokenHash: link.tokenHash }, data: { revokedAt: new Date() } });
    await appendIdentityEvents(tx, [...(link.tenantId ? [link.tenantId] : []), ...link.complianceTenantIds], describeWithdrawal(link, input));
  });
}
