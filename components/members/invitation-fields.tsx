'use client';

import { FieldError, FormMessage } from '@/components/ui/form-message';
import type { ActionResult } from '@/lib/actions/action-result';
import { IssuedLinkNotice } from './issued-link-notice';

type FieldErrors = Record<string, string[]> | undefined;

/** The invitee's email, as a field named `email`. */
export function InviteEmailField({ fieldErrors }: { fieldErrors: FieldErrors }) {
  return (
    <label className="text-sm">
      <span className="block text-slate-600">Email</span>
      <input name="email" type="email" maxLength={320} className="mt-1 w-72 max-w-full rounded-md border border-slate-300 px-3 py-2 text-sm" />
      <FieldError errors={fieldErrors} name="email" />
    </label>
  );
}

/** What an invitation form's action answered: the one-time link, shown once, or why there is none. */
export function InvitationOutcome({ result }: { result: ActionResult<{ email: string; path: string; expiresAt: string }> | null }) {
  if (!result) return null;
  if (result.ok) return <IssuedLinkNotice title={`Invitation for ${result.data.email}`} path={result.data.path} expiresAt={result.data.expiresAt} />;
  return result.fieldErrors ? null : <FormMessage tone="error">{result.error}</FormMessage>;
}
