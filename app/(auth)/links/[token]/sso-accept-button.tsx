'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/ui/form-message';
import { acceptInvitationWithSsoAction } from './actions';

/** Accepts the invitation by signing in at the identity provider as the invited email. */
export function SsoAcceptButton({ token }: { token: string }) {
  const [state, formAction, isPending] = useActionState(acceptInvitationWithSsoAction, null);
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="token" value={token} />
      <button
        type="submit"
        disabled={isPending}
        className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-60"
      >
        {isPending ? 'Opening single sign-on…' : 'Continue with SSO'}
      </button>
      {state && !state.ok && (
        <FormMessage tone="error" testId="sso-accept-error">
          {state.error}
        </FormMessage>
      )}
    </form>
  );
}
