import type { Metadata } from 'next';
import { MembersPanel } from '@/components/members/members-panel';
import { requireTenantPageAccess } from '@/lib/auth/page-access';
import { findTenantMembers } from '@/lib/control/identity/find-tenant-members';
import { changeMemberRoleAction, inviteMemberAction, removeMemberAction, withdrawMemberInvitationAction } from './actions';

export const metadata: Metadata = { title: 'Members' };

/** The tenant's people: invite, change between member and tenant admin, remove. */
export default async function TenantMembersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const access = await requireTenantPageAccess(slug, 'members.manage');
  const { members, invitations } = await findTenantMembers(access.tenant.id);
  return (
    <MembersPanel
      tenantSlug={access.tenant.slug}
      currentUserId={access.principal.userId}
      members={members}
      invitations={invitations}
      actions={{
        invite: inviteMemberAction,
        changeRole: changeMemberRoleAction,
        remove: removeMemberAction,
        withdrawInvitation: withdrawMemberInvitationAction,
      }}
    />
  );
}
