'use client';

import { useActionState, useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { FormMessage } from '@/components/ui/form-message';
import { submitWithoutReset } from '@/components/ui/submit-without-reset';
import { Table } from '@/components/ui/table';
import type { ActionResult } from '@/lib/actions/action-result';
import type { PendingInvitation, TenantMember } from '@/lib/control/identity/find-tenant-members';
import { InvitationOutcome, InviteEmailField } from './invitation-fields';
import { OpenInvitationsList } from './open-invitations-list';
import { TenantRoleSelect } from '@/components/users/access-fields';

type TenantActionFn<T> = (tenantSlug: string, input: unknown) => Promise<ActionResult<T>>;

interface MembersPanelProps {
  tenantSlug: string;
  currentUserId: string;
  members: TenantMember[];
  invitations: PendingInvitation[];
  actions: {
    invite: TenantActionFn<{ email: string; path: string; expiresAt: string }>;
    changeRole: TenantActionFn<{ userId: string; role: 'admin' | 'member' }>;
    remove: TenantActionFn<{ userId: string }>;
    withdrawInvitation: TenantActionFn<{ invitationId: string }>;
  };
}

const roleLabel = { admin: 'Tenant admin', member: 'Member' } as const;
const formatDate = (iso: string) => iso.slice(0, 10);

/** A tenant admin's view of the tenant's people; every change takes effect on the person's next request. */
export function MembersPanel({ tenantSlug, currentUserId, members, invitations, actions }: MembersPanelProps) {
  const [invited, inviteAction, isInviting] = useActionState(
    async (_previous: Awaited<ReturnType<MembersPanelProps['actions']['invite']>> | null, form: FormData) =>
      actions.invite(tenantSlug, { email: form.get('email'), role: form.get('role') }),
    null,
  );
  const [rowError, setRowError] = useState<string | null>(null);
  const fieldErrors = invited && !invited.ok ? invited.fieldErrors : undefined;

  async function run(result: Promise<ActionResult<unknown>>) {
    const outcome = await result;
    setRowError(outcome.ok ? null : outcome.error);
  }

  return (
    <div className="space-y-6" data-testid="members-panel">
      <Card title="Invite someone">
        <form onSubmit={submitWithoutReset(inviteAction)} className="flex flex-wrap items-end gap-3" noValidate>
          <InviteEmailField fieldErrors={fieldErrors} />
          <TenantRoleSelect fieldErrors={fieldErrors} />
          <Button type="submit" disabled={isInviting}>
            {isInviting ? 'Inviting…' : 'Create invitation link'}
          </Button>
        </form>
        <div className="mt-3 space-y-2">
          <InvitationOutcome result={invited} />
        </div>
      </Card>
      <Card title="Members">
        {rowError && <FormMessage tone="error">{rowError}</FormMessage>}
        <div className="overflow-x-auto">
          <Table
            columns={[{ label: 'Person', className: 'py-2' }, 'Role', 'Status', 'Joined', '']}
            headClassName="text-xs uppercase text-slate-500"
            bodyClassName="divide-y divide-slate-100"
          >
            {members.map((member) => (
              <tr key={member.userId} data-testid="member-row">
                <td className="py-2 pr-3">
                  <span className="block font-medium">{member.name}</span>
                  <span className="block break-all text-xs text-slate-500">{member.email}</span>
                </td>
                <td className="pr-3">
                  <select
                    aria-label={`Role of ${member.email}`}
                    value={member.role}
                    onChange={(event) => run(actions.changeRole(tenantSlug, { userId: member.userId, role: event.target.value }))}
                    className="rounded-md border border-slate-300 px-2 py-1 text-sm"
                  >
                    <option value="member">{roleLabel.member}</option>
                    <option value="admin">{roleLabel.admin}</option>
                  </select>
                </td>
                <td className="pr-3">{member.isActive ? <Badge tone="good">active</Badge> : <Badge tone="bad">deactivated</Badge>}</td>
                <td className="pr-3 whitespace-nowrap">{formatDate(member.joinedAt)}</td>
                <td className="text-right">
                  <ConfirmButton
                    label={member.userId === currentUserId ? 'Leave' : 'Remove'}
                    confirmLabel="Remove now"
                    onConfirm={() => run(actions.remove(tenantSlug, { userId: member.userId }))}
                    question={<>{member.email} loses access to this tenant at once.</>}
                  />
                </td>
              </tr>
            ))}
            {members.length === 0 && (
              <tr>
                <td colSpan={5} className="py-3 text-slate-500">
                  No members yet.
                </td>
              </tr>
            )}
          </Table>
        </div>
        {invitations.length > 0 && (
          <div className="mt-4">
            <h3 className="text-sm font-semibold text-slate-800">Open invitations</h3>
            <OpenInvitationsList
              invitations={invitations.map((invitation) => ({ ...invitation, grants: roleLabel[invitation.role] }))}
              withdraw={(input) => actions.withdrawInvitation(tenantSlug, input)}
            />
          </div>
        )}
      </Card>
    </div>
  );
}
