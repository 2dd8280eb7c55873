'use client';

import { useState } from 'react';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { FormMessage } from '@/components/ui/form-message';
import type { ActionResult } from '@/lib/actions/action-result';

export interface OpenInvitationItem {
  id: string;
  email: string;
  /** What accepting would grant, in words. */
  grants: string;
  expiresAt: string;
}

/** Open invitations, each withdrawable behind a confirmation; a withdrawn link is refused like an expired one. */
export function OpenInvitationsList({
  invitations,
  withdraw,
}: {
  invitations: OpenInvitationItem[];
  withdraw: (input: { invitationId: string }) => Promise<ActionResult<unknown>>;
}) {
  const [error, setError] = useState<string | null>(null);
  return (
    <div>
      {error && <FormMessage tone="error">{error}</FormMessage>}
      <ul className="mt-1 divide-y divide-slate-100 text-sm" data-testid="open-invitations">
        {invitations.map((invitation) => (
          <li key={invitation.id} data-testid="open-invitation" className="flex flex-wrap items-center justify-between gap-2 py-2">
            <span className="min-w-0 break-all">
              {invitation.email} · {invitation.grants} · expires {invitation.expiresAt.slice(0, 10)}
            </span>
            <ConfirmButton
              label="Withdraw"
              confirmLabel="Withdraw invitation"
              question={<>The link stops working at once.</>}
              onConfirm={async () => {
                const outcome = await withdraw({ invitationId: invitation.id });
                setError(outcome.ok ? null : outcome.error);
              }}
            />
          </li>
        ))}
      </ul>
    </div>
  );
}
