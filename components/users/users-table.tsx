'use client';

import { useState } from 'react';
import { IssuedLinkNotice } from '@/components/members/issued-link-notice';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { FormMessage } from '@/components/ui/form-message';
import type { ActionResult } from '@/lib/actions/action-result';
import type { UserSummary } from '@/lib/control/identity/find-users';
import { PlatformRoleForm } from './platform-role-form';

type Action<T = unknown> = (input: unknown) => Promise<ActionResult<T>>;

export interface UserActions {
  setPlatformRole: Action;
  setActive: Action;
  revokeSessions: Action<{ revoked: number }>;
  issueReset: Action<{ path: string; expiresAt: string }>;
  changeTenantRole: Action;
  removeFromTenant: Action;
}

const formatTime = (iso: string | null) => (iso ? iso.replace('T', ' ').slice(0, 16) + ' UTC' : 'never');
const platformRoleLabel = { platform_admin: 'platform admin', compliance_officer: 'compliance officer' } as const;

/** Every account as a card: who, what they may do where, when they last signed in, and the admin's controls. */
export function UsersTable({
  users,
  tenants,
  currentUserId,
  actions,
}: {
  users: UserSummary[];
  tenants: { id: string; name: string }[];
  currentUserId: string;
  actions: UserActions;
}) {
  return (
    <Card title={`All users (${users.length})`}>
      <ul className="divide-y divide-slate-100" data-testid="users-list">
        {users.map((user) => (
          <UserRow key={user.id} user={user} tenants={tenants} isSelf={user.id === currentUserId} actions={actions} />
        ))}
      </ul>
    </Card>
  );
}

function UserRow({ user, tenants, isSelf, actions }: { user: UserSummary; tenants: { id: string; name: string }[]; isSelf: boolean; actions: UserActions }) {
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const [resetLink, setResetLink] = useState<{ path: string; expiresAt: string } | null>(null);

  async function run<T>(result: Promise<ActionResult<T>>, success: (data: T) => string | null) {
    const outcome = await result;
    if (!outcome.ok) return setMessage({ tone: 'error', text: outcome.error });
    const text = success(outcome.data);
    setMessage(text ? { tone: 'success', text } : null);
  }

  return (
    <li className="space-y-2 py-4" data-testid="user-row" data-email={user.email}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{user.name}</span>
        <span className="break-all text-sm text-slate-500">{user.email}</span>
        {user.platformRole && <Badge tone="info">{platformRoleLabel[user.platformRole]}</Badge>}
        {user.isActive ? <Badge tone="good">active</Badge> : <Badge tone="bad">deactivated</Badge>}
        {!user.hasPassword && <Badge tone="neutral">no password</Badge>}
        {isSelf && <Badge tone="neutral">you</Badge>}
      </div>
      <p className="text-xs text-slate-600">
        Last sign-in {formatTime(user.lastSignInAt)} · {user.activeSessions} open session{user.activeSessions === 1 ? '' : 's'}
        {user.complianceTenants.length > 0 && <> · reads audit logs of {user.complianceTenants.map((tenant) => tenant.name).join(', ')}</>}
      </p>
      {user.memberships.length > 0 && (
        <ul className="space-y-1 text-sm" aria-label={`Tenants of ${user.email}`}>
          {user.memberships.map((membership) => (
            <li key={membership.tenantId} className="flex flex-wrap items-center gap-2" data-testid="user-membership">
              <span className="min-w-0 break-words">{membership.name}</span>
              <select
                aria-label={`Role of ${user.email} in ${membership.name}`}
                value={membership.role}
                onChange={(event) =>
                  run(actions.changeTenantRole({ userId: user.id, tenantId: membership.tenantId, role: event.target.value }), () => 'Role changed.')
                }
                className="rounded-md border border-slate-300 px-2 py-1 text-xs"
              >
                <option value="member">Member</option>
                <option value="admin">Tenant admin</option>
              </select>
              <ConfirmButton
                label="Remove"
                confirmLabel="Remove from tenant"
                question={<>Access to {membership.name} ends at once.</>}
                onConfirm={() => run(actions.removeFromTenant({ userId: user.id, tenantId: membership.tenantId }), () => `Removed from ${membership.name}.`)}
              />
            </li>
          ))}
        </ul>
      )}
      <div className="flex flex-wrap items-start gap-2">
        <PlatformRoleForm
          user={user}
          tenants={tenants}
          onSave={(input) => run(actions.setPlatformRole({ userId: user.id, ...input }), () => 'Platform role saved.')}
        />
        <Button
          type="button"
          variant="secondary"
          onClick={() =>
            run(actions.issueReset({ userId: user.id }), (data) => {
              setResetLink(data);
              return null;
            })
          }
        >
          Password reset link
        </Button>
        <ConfirmButton
          label="Revoke sessions"
          confirmLabel="Revoke all"
          question={<>Every open session of {user.email} ends now.</>}
          onConfirm={() => run(actions.revokeSessions({ userId: user.id }), (data) => `${data.revoked} session${data.revoked === 1 ? '' : 's'} revoked.`)}
        />
        {user.isActive ? (
          <ConfirmButton
            label="Deactivate"
            confirmLabel="Deactivate now"
            question={<>{user.email} is signed out everywhere and cannot sign in.</>}
            onConfirm={() => run(actions.setActive({ userId: user.id, isActive: false }), () => 'Deactivated.')}
          />
        ) : (
          <Button type="button" variant="secondary" onClick={() => run(actions.setActive({ userId: user.id, isActive: true }), () => 'Reactivated.')}>
            Reactivate
          </Button>
        )}
      </div>
      {resetLink && <IssuedLinkNotice title={`Password reset for ${user.email}`} path={resetLink.path} expiresAt={resetLink.expiresAt} />}
      {message && <FormMessage tone={message.tone}>{message.text}</FormMessage>}
    </li>
  );
}
