'use client';

import { useActionState, useState } from 'react';
import { IssuedLinkNotice } from '@/components/members/issued-link-notice';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { FieldError, FormMessage } from '@/components/ui/form-message';
import { submitWithoutReset } from '@/components/ui/submit-without-reset';
import type { ActionResult } from '@/lib/actions/action-result';
import { TenantCheckboxes } from './tenant-checkboxes';

type Access = 'tenant' | 'platform_admin' | 'compliance_officer';
type InviteAction = (input: unknown) => Promise<ActionResult<{ email: string; path: string; expiresAt: string }>>;

const inputClass = 'mt-1 rounded-md border border-slate-300 px-3 py-2 text-sm';

/** Invite by email into one tenant with a tenant role, or with a platform role. */
export function InviteUserForm({ tenants, invite }: { tenants: { id: string; name: string }[]; invite: InviteAction }) {
  const [access, setAccess] = useState<Access>('tenant');
  const [result, inviteAction, isInviting] = useActionState(async (_previous: Awaited<ReturnType<InviteAction>> | null, form: FormData) => {
    const chosen = form.get('access');
    const email = form.get('email');
    if (chosen === 'tenant') return invite({ access: chosen, email, tenantId: form.get('tenantId'), role: form.get('role') });
    if (chosen === 'compliance_officer') return invite({ access: chosen, email, complianceTenantIds: form.getAll('complianceTenantIds') });
    return invite({ access: chosen, email });
  }, null);
  const fieldErrors = result && !result.ok ? result.fieldErrors : undefined;
  return (
    <Card title="Invite a user">
      <form onSubmit={submitWithoutReset(inviteAction)} className="space-y-3" noValidate data-testid="invite-user-form">
        <div className="flex flex-wrap items-end gap-3">
          <label className="text-sm">
            <span className="block text-slate-600">Email</span>
            <input name="email" type="email" maxLength={320} className={`${inputClass} w-72 max-w-full`} />
            <FieldError errors={fieldErrors} name="email" />
          </label>
          <label className="text-sm">
            <span className="block text-slate-600">Access</span>
            <select name="access" value={access} onChange={(event) => setAccess(event.target.value as Access)} className={inputClass}>
              <option value="tenant">A tenant</option>
              <option value="platform_admin">Platform admin</option>
              <option value="compliance_officer">Compliance officer</option>
            </select>
          </label>
          {access === 'tenant' && (
            <>
              <label className="text-sm">
                <span className="block text-slate-600">Tenant</span>
                <select name="tenantId" className={`${inputClass} max-w-full`}>
                  {tenants.map((tenant) => (
                    <option key={tenant.id} value={tenant.id}>
                      {tenant.name}
                    </option>
                  ))}
                </select>
                <FieldError errors={fieldErrors} name="tenantId" />
              </label>
              <label className="text-sm">
                <span className="block text-slate-600">Role</span>
                <select name="role" defaultValue="member" className={inputClass}>
                  <option value="member">Member</option>
                  <option value="admin">Tenant admin</option>
                </select>
              </label>
            </>
          )}
        </div>
        {access === 'compliance_officer' && <TenantCheckboxes tenants={tenants} />}
        <Button type="submit" disabled={isInviting}>
          {isInviting ? 'Inviting…' : 'Create invitation link'}
        </Button>
      </form>
      <div className="mt-3">
        {result?.ok && <IssuedLinkNotice title={`Invitation for ${result.data.email}`} path={result.data.path} expiresAt={result.data.expiresAt} />}
        {result && !result.ok && !fieldErrors && <FormMessage tone="error">{result.error}</FormMessage>}
      </div>
    </Card>
  );
}
