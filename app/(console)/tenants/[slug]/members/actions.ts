'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { tenantAction } from '@/lib/actions/tenant-action';
import { describeActor } from '@/lib/control/policy-audit';
import { inviteEmailSchema, tenantRoleSchema } from '@/lib/control/identity/identity-schemas';
import { inviteToTenant } from '@/lib/control/identity/invite-to-tenant';
import { changeMemberRole, removeMember } from '@/lib/control/identity/manage-tenant-members';
import { withdrawTenantInvitation } from '@/lib/control/identity/withdraw-invitation';

// Tenant admins (members.manage) act on their own tenant only: the tenant comes from the session's
// grants, and each change runs in that tenant's RLS context.
const manage = { permission: 'members.manage' } as const;

export const inviteMemberAction = tenantAction(
  { name: 'member.invite', ...manage, schema: z.object({ email: inviteEmailSchema, role: tenantRoleSchema }).strict() },
  async ({ principal, tenant, input, requestId }) => {
    const link = await inviteToTenant(tenant.id, { email: input.email, role: input.role, actor: describeActor(principal), requestId });
    revalidatePath(`/tenants/${tenant.slug}/members`);
    return { email: input.email, ...link };
  },
);

export const changeMemberRoleAction = tenantAction(
  { name: 'member.update', ...manage, schema: z.object({ userId: z.uuid(), role: tenantRoleSchema }).strict() },
  async ({ principal, tenant, input, requestId }) => {
    await changeMemberRole(tenant.id, { userId: input.userId, role: input.role, actor: describeActor(principal), requestId });
    revalidatePath(`/tenants/${tenant.slug}/members`);
    return { userId: input.userId, role: input.role };
  },
);

export const removeMemberAction = tenantAction(
  { name: 'member.remove', ...manage, schema: z.object({ userId: z.uuid() }).strict() },
  async ({ principal, tenant, input, requestId }) => {
    await removeMember(tenant.id, { userId: input.userId, actor: describeActor(principal), requestId });
    revalidatePath(`/tenants/${tenant.slug}/members`);
    return { userId: input.userId };
  },
);

export const withdrawMemberInvitationAction = tenantAction(
  { name: 'member.invitation_withdraw', ...manage, schema: z.object({ invitationId: z.uuid() }).strict() },
  async ({ principal, tenant, input, requestId }) => {
    await withdrawTenantInvitation(tenant.id, { invitationId: input.invitationId, actor: describeActor(principal), requestId });
    revalidatePath(`/tenants/${tenant.slug}/members`);
    return { invitationId: input.invitationId };
  },
);
