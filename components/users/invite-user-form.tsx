'use client';

import { useActionState, useState } from 'react';
import { InvitationOutcome, InviteEmailField } from '@/components/members/invitation-fields';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { submitWithoutReset } from '@/components/ui/submit-without-reset';
import type { ActionResult } from '@/lib/actions/action-result';
import { AccessFields, readAccessFields, type Access } from './access-fields';

type InviteAction = (input: unknown) => Promise<ActionResult<{ email: string; path: string; expiresAt: string }>>;

/** Invite by email into one tenant with a tenant role, or with a platform role. */
export function InviteUserForm({ tenants, invite }: { tenants: { id: string; name: string }[]; invite: InviteAction }) {
  const [access, setAccess] = useState<Access>('tenant');
  const [result, inviteAction, isInviting] = useActionState(
    async (_previous: Awaited<ReturnType<InviteAction>> | null, form: FormData) => invite({ email: form.get('email'), ...readAccessFields(form) }),
    null,
  );
  const fieldErrors = result && !result.ok ? result.fieldErrors : undefined;
  return (
    <Card title="Invite a user">
      <form onSubmit={submitWithoutReset(inviteAction)} className="space-y-3" noValidate data-testid="invite-user-form">
        <div className="flex flex-wrap items-end gap-3">
          <InviteEmailField fieldErrors={fieldErrors} />
          <AccessFields access={access} onAccessChange={setAccess} tenants={tenants} fieldErrors={fieldErrors} />
        </div>
        <Button type="submit" disabled={isInviting}>
          {isInviting ? 'Inviting…' : 'Create invitation link'}
        </Button>
      </form>
      <div className="mt-3">
        <InvitationOutcome result={result} />
      </div>
    </Card>
  );
}
