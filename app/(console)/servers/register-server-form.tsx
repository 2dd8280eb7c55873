'use client';

import { useActionState, type InputHTMLAttributes, type ReactNode } from 'react';
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
        <FieldRow label="Name" name="name" errors={errors} required maxLength={64} placeholder="eu-west shard 2" />
        <FieldRow label="Region label" name="region" errors={errors} maxLength={64} placeholder="eu-west-1" />
        <FieldRow
          label="Owner connection URL (a role with CREATEDB and CREATEROLE; stored encrypted under the platform key)"
          name="ownerUrl"
          errors={errors}
          isWide
          type="password"
          autoComplete="off"
          required
          placeholder="postgres://owner:password@db2.internal:5432/postgres"
        />
        <FieldRow label="TLS mode" name="tlsMode" errors={errors}>
          <select name="tlsMode" className={inputClass} defaultValue="verify-full">
            <option value="verify-full">verify-full (certificate and host name checked)</option>
            <option value="require">require (encrypted, certificate not checked)</option>
            <option value="disable">disable (loopback or a private link only)</option>
          </select>
        </FieldRow>
        <FieldRow label="Capacity notes" name="capacityNotes" errors={errors} maxLength={500} placeholder="8 vCPU, max_connections 500" />
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

/** One labelled field and its validation message: a text input made from the remaining props, or `children`. */
function FieldRow({
  label,
  name,
  errors,
  isWide = false,
  children,
  ...input
}: { label: string; name: (typeof FIELDS)[number]; errors?: Record<string, string[]>; isWide?: boolean; children?: ReactNode } & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'name' | 'className'
>) {
  return (
    <label className={isWide ? 'text-sm sm:col-span-2' : 'text-sm'}>
      {label}
      {children ?? <input name={name} className={inputClass} {...input} />}
      <FieldError errors={errors} name={name} />
    </label>
  );
}
