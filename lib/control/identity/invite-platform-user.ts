import 'server-only';
import type { AuditActor } from '@/lib/audit/event';
import type { Principal } from '@/lib/auth/principal';
import { UserFacingError } from '@/lib/errors';
import { withPlatformAccess } from '@/lib/tenancy/platform';
import { createAccountLinkToken, INVITATION_LIFETIME_MS, toIssuedLink, type IssuedLink } from '@/lib/auth/account-links/account-link-token';
import { appendIdentityEvents } from '@/lib/audit/store/append-identity-events';

/**
 * Invites an email address with a platform role: platform admin, or compliance officer of the
 * given tenants. Only a platform admin reaches this (withPlatformAccess checks before anything opens).
 */
export async function invitePlatformUser(
  principal: Principal,
  input: { email: string; platformRole: 'platform_admin' | 'compliance_officer'; complianceTenantIds: string[]; actor: AuditActor; requestId: string },
): Promise<IssuedLink> {
  const assigned = input.platformRole === 'compliance_officer' ? [...new Set(input.complianceTenantIds)] : [];
  if (input.platformRole === 'compliance_officer' && assigned.length === 0)
    throw new UserFacingError('Assign at least one tenant to a compliance officer.', 422);
  const { token, tokenHash } = createAccountLinkToken();
  const expiresAt = new Date(Date.now() + INVITATION_LIFETIME_MS);
  await withPlatformAccess(principal, async (tx) => {
    const activeTenants = await tx.tenant.count({ where: { id: { in: assigned }, status: 'active' } });
    if (activeTenants !== assigned.length) throw new UserFacingError('One of the chosen tenants no longer exists.', 422);
    await tx.accountLink.create({
      data: {
        tokenHash,
        kind: 'invitation',
        email: input.email,
        platformRole: input.platformRole,
        complianceTenantIds: assigned,
        createdBy: input.actor.id,
        expiresAt,
      },
    });
    await appendIdentityEvents(tx, assigned, {
      actor: input.actor,
      action: 'member.invite',
      target: `invitation:${input.email}`,
      requestId: input.requestId,
      payload: { email: input.email, platformRole: input.platformRole, complianceTenantIds: assigned, expiresAt: expiresAt.toISOString() },
    });
  });
  return toIssuedLink(token, expiresAt);
}
