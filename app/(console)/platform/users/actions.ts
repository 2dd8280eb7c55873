'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { platformAction } from '@/lib/actions/tenant-action';
import { describeActor } from '@/lib/control/policy-audit';
import { revokeUserSessions, setPlatformRole, setUserActive } from '@/lib/control/identity/change-user-account';
import { inviteEmailSchema, tenantRoleSchema } from '@/lib/control/identity/identity-schemas';
import { invitePlatformUser } from '@/lib/control/identity/invite-platform-user';
import { inviteToTenant } from '@/lib/control/identity/invite-to-tenant';
import { issuePasswordReset } from '@/lib/control/identity/issue-password-reset';
import { changeMemberRole, removeMember } from '@/lib/control/identity/manage-tenant-members';
import { assertActiveTenant } from '@/lib/control/identity/assert-active-tenant';
import { withdrawInvitation } from '@/lib/control/identity/withdraw-invitation';

const USERS_PATH = '/platform/users';
const userId = z.uuid();
const tenantIds = z.array(z.uuid()).max(1000).default([]);

const inviteSchema = z.discriminatedUnion(
  'access',
  [
    z.object({ access: z.literal('tenant'), email: inviteEmailSchema, tenantId: z.uuid({ message: 'Choose a tenant.' }), role: tenantRoleSchema }).strict(),
    z.object({ access: z.literal('platform_admin'), email: inviteEmailSchema }).strict(),
    z.object({ access: z.literal('compliance_officer'), email: inviteEmailSchema, complianceTenantIds: tenantIds }).strict(),
  ],
  { message: 'Choose what the invitation grants.' },
);

export const inviteUserAction = platformAction({ name: 'member.invite', schema: inviteSchema }, async ({ principal, input, requestId }) => {
  const actor = describeActor(principal);
  const link =
    input.access === 'tenant'
      ? await inviteToTenant(await assertActiveTenant(principal, input.tenantId), { email: input.email, role: input.role, actor, requestId })
      : await invitePlatformUser(principal, {
          email: input.email,
          platformRole: input.access,
          complianceTenantIds: input.access === 'compliance_officer' ? input.complianceTenantIds : [],
          actor,
          requestId,
        });
  revalidatePath(USERS_PATH);
  return { email: input.email, ...link };
});

export const setPlatformRoleAction = platformAction(
  {
    name: 'user.platform_role_change',
    schema: z.object({ userId, platformRole: z.enum(['none', 'platform_admin', 'compliance_officer']), complianceTenantIds: tenantIds }).strict(),
  },
  async ({ principal, input, requestId }) => {
    const platformRole = input.platformRole === 'none' ? null : input.platformRole;
    await setPlatformRole(principal, {
      userId: input.userId,
      platformRole,
      complianceTenantIds: input.complianceTenantIds,
      actor: describeActor(principal),
      requestId,
    });
    revalidatePath(USERS_PATH);
    return { userId: input.userId };
  },
);

export const setUserActiveAction = platformAction(
  { name: 'user.deactivate', schema: z.object({ userId, isActive: z.boolean() }).strict() },
  async ({ principal, input, requestId }) => {
    await setUserActive(principal, { ...input, actor: describeActor(principal), requestId });
    revalidatePath(USERS_PATH);
    return { userId: input.userId, isActive: input.isActive };
  },
);

export const revokeUserSessionsAction = platformAction(
  { name: 'user.sessions_revoke', schema: z.object({ userId }).strict() },
  async ({ principal, input, requestId }) => {
    const revoked = await revokeUserSessions(principal, { userId: input.userId, actor: describeActor(principal), requestId });
    revalidatePath(USERS_PATH);
    return { revoked };
  },
);

export const issuePasswordResetAction = platformAction(
  { name: 'user.password_reset_issue', schema: z.object({ userId }).strict() },
  async ({ principal, input, requestId }) => issuePasswordReset(principal, { userId: input.userId, actor: describeActor(principal), requestId }),
);

export const changeTenantRoleAction = platformAction(
  { name: 'member.update', schema: z.object({ userId, tenantId: z.uuid(), role: tenantRoleSchema }).strict() },
  async ({ principal, input, requestId }) => {
    await changeMemberRole(await assertActiveTenant(principal, input.tenantId), {
      userId: input.userId,
      role: input.role,
      actor: describeActor(principal),
      requestId,
    });
    revalidatePath(USERS_PATH);
    return { userId: input.userId };
  },
);

export const removeFromTenantAction = platformAction(
  { name: 'member.remove', schema: z.object({ userId, tenantId: z.uuid() }).strict() },
  async ({ principal, input, requestId }) => {
    await removeMember(await assertActiveTenant(principal, input.tenantId), { userId: input.userId, actor: describeActor(principal), requestId });
    revalidatePath(USERS_PATH);
    return { userId: input.userId };
  },
);

export const withdrawInvitationAction = platformAction(
  { name: 'member.invitation_withdraw', schema: z.object({ invitationId: z.uuid() }).strict() },
  async ({ principal, input, requestId }) => {
    await withdrawInvitation(principal, { invitationId: input.invitationId, actor: describeActor(principal), requestId });
    revalidatePath(USERS_PATH);
    return { invitationId: input.invitationId };
  },
);
