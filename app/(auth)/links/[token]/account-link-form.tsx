'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { FieldError } from '@/components/ui/form-message';
import { acceptInvitationAction, resetPasswordAction } from './actions';

const inputClass = 'mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 focus:border-indigo-500 focus:outline-none';

/** Accept an invitation (new account: name and password; existing: its password) or set a new password. */
export function AccountLinkForm({ token, kind, hasPassword }: { token: string; kind: 'invitation' | 'password_reset'; hasPassword: boolean }) {
  const [state, formAction, isPending] = useActionState(kind === 'invitation' ? acceptInvitationAction : resetPasswordAction, null);
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;
  const isExistingAccount = kind === 'invitation' && hasPassword;
  if (state?.ok) {
    return (
      <div className="space-y-4">
        <p role="status" data-testid="link-done" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          {kind === 'invitation' ? 'Invitation accepted.' : 'Your new password is set; your other sessions were signed out.'} Sign in as {state.data.email}.
        </p>
        <Link href="/login" className="block w-full rounded-md bg-indigo-600 px-3 py-2 text-center font-medium text-white hover:bg-indigo-700">
          Go to sign in
        </Link>
      </div>
    );
  }
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <input type="hidden" name="token" value={token} />
      {kind === 'invitation' && !isExistingAccount && (
        <label className="block">
          <span className="text-sm font-medium text-slate-700">Your name</span>
          <input name="name" autoComplete="name" className={inputClass} />
          <FieldError errors={fieldErrors} name="name" />
        </label>
      )}
      <label className="block">
        <span className="text-sm font-medium text-slate-700">{isExistingAccount ? 'Your current password' : 'New password (at least 12 characters)'}</span>
        <input name="password" type="password" autoComplete={isExistingAccount ? 'current-password' : 'new-password'} className={inputClass} />
        <FieldError errors={fieldErrors} name="password" />
      </label>
      {fieldErrors?.token && <FieldError errors={fieldErrors} name="token" />}
      {state && !state.ok && !fieldErrors && (
        <p role="alert" data-testid="form-error" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.error}
        </p>
      )}
      <button
        type="submit"
        disabled={isPending}
        className="w-full rounded-md bg-indigo-600 px-3 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60"
      >
        {isPending ? 'Saving…' : kind === 'invitation' ? 'Accept invitation' : 'Set password'}
      </button>
    </form>
  );
}
