'use client';

import { useActionState, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { FieldError, FormMessage } from '@/components/ui/form-message';
import { submitWithoutReset } from '@/components/ui/submit-without-reset';
import type { ActionResult } from '@/lib/actions/action-result';
import type { SsoSettingsView } from '@/lib/auth/sso/manage-sso-settings';

type Action = (input: unknown) => Promise<ActionResult<unknown>>;
const inputClass = 'mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm';

/** Issuer, client id and secret (write-only), and whether password sign-in stays on. */
export function SsoSettingsForm({ settings, save, remove }: { settings: SsoSettingsView | null; save: Action; remove: Action }) {
  const [result, saveAction, isSaving] = useActionState(
    async (_previous: ActionResult<unknown> | null, form: FormData) =>
      save({
        issuer: form.get('issuer'),
        clientId: form.get('clientId'),
        clientSecret: form.get('clientSecret'),
        isPasswordSignInEnabled: form.get('isPasswordSignInEnabled') === 'on',
      }),
    null,
  );
  const [removeError, setRemoveError] = useState<string | null>(null);
  const fieldErrors = result && !result.ok ? result.fieldErrors : undefined;
  return (
    <Card title="Identity provider">
      <form onSubmit={submitWithoutReset(saveAction)} className="grid gap-3 md:grid-cols-2" noValidate data-testid="sso-settings-form">
        <label className="text-sm md:col-span-2">
          <span className="text-slate-600">Issuer URL</span>
          <input name="issuer" defaultValue={settings?.issuer ?? ''} className={inputClass} placeholder="https://login.example.com" />
          <FieldError errors={fieldErrors} name="issuer" />
        </label>
        <label className="text-sm">
          <span className="text-slate-600">Client id</span>
          <input name="clientId" defaultValue={settings?.clientId ?? ''} className={inputClass} />
          <FieldError errors={fieldErrors} name="clientId" />
        </label>
        <label className="text-sm">
          <span className="text-slate-600">Client secret{settings ? ' (leave empty to keep the stored one)' : ''}</span>
          <input name="clientSecret" type="password" autoComplete="off" className={inputClass} />
          <FieldError errors={fieldErrors} name="clientSecret" />
        </label>
        <label className="flex items-center gap-2 text-sm md:col-span-2">
          <input type="checkbox" name="isPasswordSignInEnabled" defaultChecked={settings?.isPasswordSignInEnabled ?? true} />
          Password sign-in stays on (turn it off once single sign-on works for your admins)
        </label>
        <div className="flex flex-wrap items-center gap-3 md:col-span-2">
          <Button type="submit" disabled={isSaving}>
            {isSaving ? 'Saving…' : 'Save identity provider'}
          </Button>
          {settings && (
            <ConfirmButton
              label="Remove"
              confirmLabel="Remove single sign-on"
              question={<>Single sign-on stops and password sign-in comes back.</>}
              onConfirm={async () => {
                const outcome = await remove({});
                setRemoveError(outcome.ok ? null : outcome.error);
              }}
            />
          )}
        </div>
      </form>
      <div className="mt-3 space-y-2">
        {result?.ok && (
          <FormMessage tone="success">Saved. The next sign-in uses these settings; the secret is stored sealed under the platform key.</FormMessage>
        )}
        {result && !result.ok && !fieldErrors && <FormMessage tone="error">{result.error}</FormMessage>}
        {removeError && <FormMessage tone="error">{removeError}</FormMessage>}
      </div>
    </Card>
  );
}
