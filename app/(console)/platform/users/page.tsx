import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { InviteUserForm } from '@/components/users/invite-user-form';
import { UsersTable } from '@/components/users/users-table';
import { requirePrincipalOrRedirect } from '@/lib/auth/current-principal';
import { isPlatformAdmin } from '@/lib/auth/principal';
import { findOpenInvitations, findTenantChoices, findUsers } from '@/lib/control/identity/find-users';
import { Card } from '@/components/ui/card';
import { OpenInvitationsList } from '@/components/members/open-invitations-list';
import {
  changeTenantRoleAction,
  inviteUserAction,
  issuePasswordResetAction,
  removeFromTenantAction,
  revokeUserSessionsAction,
  setPlatformRoleAction,
  setUserActiveAction,
  withdrawInvitationAction,
} from './actions';

export const metadata: Metadata = { title: 'Users' };

/** Every account on the platform: tenants and roles, last sign-in, status, and what an admin may change. */
export default async function UsersPage() {
  const principal = await requirePrincipalOrRedirect();
  if (!isPlatformAdmin(principal)) notFound();
  const [users, tenants, invitations] = await Promise.all([findUsers(principal), findTenantChoices(principal), findOpenInvitations(principal)]);
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Users</h1>
        <p className="text-sm text-slate-600">
          Invite people with a one-time link, change what they may do, deactivate them or end their sessions. Every change is recorded in the audit log of each
          tenant it touches and in the platform&apos;s.
        </p>
      </header>
      <InviteUserForm tenants={tenants} invite={inviteUserAction} />
      {invitations.length > 0 && (
        <Card title="Open invitations">
          <OpenInvitationsList invitations={invitations} withdraw={withdrawInvitationAction} />
        </Card>
      )}
      <UsersTable
        users={users}
        tenants={tenants}
        currentUserId={principal.userId}
        actions={{
          setPlatformRole: setPlatformRoleAction,
          setActive: setUserActiveAction,
          revokeSessions: revokeUserSessionsAction,
          issueReset: issuePasswordResetAction,
          changeTenantRole: changeTenantRoleAction,
          removeFromTenant: removeFromTenantAction,
        }}
      />
    </div>
  );
}
