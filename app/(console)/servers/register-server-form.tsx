'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { FieldError, FormMessage } from '@/components/ui/form-message';
import { inputClass } from '@/components/ui/save-row';
import { submitWithoutReset } from '@/components/ui/submit-without-reset';
import type { ActionResult } from '@/lib/actions/action-result';
import { registerDatabaseServerAction } from './actions';

const FIELDS = ['name', 'ownerUrl', 'tlsMode', 'region', 'capacityNotes'] as const;

/** Registers a server. The owner URL is write-only: sealed under the platform KMS key, never shown again. */
export function RegisterServerForm() {
  const [state, formAction, isPending] = useActionState(async (_previous: ActionResult<{ id: string; name: string }> | null, form: FormData) => {
    return registerDatabaseServerAction(Object.fromEntries(FIELDS.map((key) => [key, String(form.get(key) ?? '')])));
  }, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <Card title="Register a server">
      <form onSubmit={submitWithoutReset(formAction)} className="grid gap-3 sm:grid-cols-2" noValidate aria-label="Register a server">
        <label className="text-sm">
          Name
          <input name="name" required maxLength={64} className={inputClass} placeholder="eu-west shard 2" />
          <FieldError errors={errors} name="name" />
        </label>
        <label className="text-sm">
          Region label
          <input name="region" maxLength={64} className={inputClass} placeholder="eu-west-1" />
          <FieldError errors={errors} name="region" />
        </label>
        <label className="text-sm sm:col-span-2">
          Owner connection URL (a role with CREATEDB and CREATEROLE; stored encrypted under the platform key)
          <input
            name="ownerUrl"
            type="password"
            autoComplete="off"
            required
            className={inputClass}
            placeholder="postgres://owner:password@db2.internal:5432/postgres"
          />
          <FieldError errors={errors} name="ownerUrl" />
        </label>
        <label className="text-sm">
          TLS mode
          <select name="tlsMode" className={inputClass} defaultValue="verify-full">
            <option value="verify-full">verify-full (certificate and host name checked)</option>
            <option value="require">require (encrypted, certificate not checked)</option>
            <option value="disable">disable (loopback or a private link only)</option>
          </select>
          <FieldError errors={errors} name="tlsMode" />
        </label>
        <label className="text-sm">
          Capacity notes
          <input name="capacityNotes" maxLength={500} className={inputClass} placeholder="8 vCPU, max_connections 500" />
          <FieldError errors={errors} name="capacityNotes" />
        </label>
        <div className="flex items-end">
          <Button type="submit" disabled={isPending}>
            {isPending ? 'Registering…' : 'Register server'}
          </Button>
        </div>
      </form>
      {state && !state.ok && !state.fieldErrors && (
        <FormMessage tone="error" testId="server-register-error">
          {state.error}
        </FormMessage>
      )}
      {state?.ok && <FormMessage tone="success" testId="server-registered">{`${state.data.name} registered.`}</FormMessage>}
    </Card>
  );
}
