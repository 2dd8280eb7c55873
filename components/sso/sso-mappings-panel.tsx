'use client';

import { useActionState, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { FieldError, FormMessage } from '@/components/ui/form-message';
import { submitWithoutReset } from '@/components/ui/submit-without-reset';
import { Table } from '@/components/ui/table';
import type { ActionResult } from '@/lib/actions/action-result';
import type { SsoMappingView } from '@/lib/auth/sso/manage-sso-settings';
import { AccessFields, readAccessFields, type Access } from '@/components/users/access-fields';

type Action = (input: unknown) => Promise<ActionResult<unknown>>;
const inputClass = 'mt-1 rounded-md border border-slate-300 px-3 py-2 text-sm';

/** The just-in-time provisioning rules: a claim value → a tenant role or a platform role. */
export function SsoMappingsPanel({
  mappings,
  tenants,
  add,
  remove,
}: {
  mappings: SsoMappingView[];
  tenants: { id: string; name: string }[];
  add: Action;
  remove: Action;
}) {
  const [access, setAccess] = useState<Access>('tenant');
  const [result, addAction, isAdding] = useActionState(
    async (_previous: ActionResult<unknown> | null, form: FormData) =>
      add({
        claim: form.get('claim'),
        value: form.get('value'),
        ...readAccessFields(form),
        ...(form.get('access') === 'platform_admin' ? { confirmPlatformAdmin: form.get('confirmPlatformAdmin') === 'on' } : {}),
      }),
    null,
  );
  const [removeError, setRemoveError] = useState<string | null>(null);
  const fieldErrors = result && !result.ok ? result.fieldErrors : undefined;
  return (
    <Card title="Claim mapping">
      <form onSubmit={submitWithoutReset(addAction)} className="flex flex-wrap items-end gap-3" noValidate data-testid="sso-mapping-form">
        <label className="text-sm">
          <span className="block text-slate-600">Claim</span>
          <input name="claim" defaultValue="groups" className={`${inputClass} w-32`} />
          <FieldError errors={fieldErrors} name="claim" />
        </label>
        <label className="text-sm">
          <span className="block text-slate-600">Value</span>
          <input name="value" className={`${inputClass} w-48`} placeholder="claims-team" />
          <FieldError errors={fieldErrors} name="value" />
        </label>
        <AccessFields access={access} onAccessChange={setAccess} tenants={tenants} fieldErrors={fieldErrors} />
        {access === 'platform_admin' && (
          <label className="flex basis-full items-start gap-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="platform-admin-warning">
            <input type="checkbox" name="confirmPlatformAdmin" className="mt-1" />
            <span>
              Everyone whose claim holds this value becomes a platform admin at their next sign-in: all tenants, users and this page. Use a group only your
              identity provider&apos;s administrators can assign.
              <FieldError errors={fieldErrors} name="confirmPlatformAdmin" />
            </span>
          </label>
        )}
        <Button type="submit" disabled={isAdding}>
          {isAdding ? 'Adding…' : 'Add rule'}
        </Button>
      </form>
      <div className="mt-3 space-y-2">
        {result && !result.ok && !fieldErrors && <FormMessage tone="error">{result.error}</FormMessage>}
        {removeError && <FormMessage tone="error">{removeError}</FormMessage>}
      </div>
      <div className="mt-3 overflow-x-auto">
        <Table
          columns={[{ label: 'Claim holds', className: 'py-2' }, 'Grants', '']}
          headClassName="text-xs uppercase text-slate-500"
          bodyClassName="divide-y divide-slate-100"
        >
          {mappings.map((mapping) => (
            <tr key={mapping.id} data-testid="sso-mapping-row">
              <td className="py-2 pr-3">
                <code className="font-mono text-xs">
                  {mapping.claim} = {mapping.value}
                </code>
              </td>
              <td className="pr-3">{mapping.isPlatformRule ? <strong className="font-medium">{mapping.grants}</strong> : mapping.grants}</td>
              <td className="text-right">
                <ConfirmButton
                  label="Remove"
                  confirmLabel="Remove rule"
                  question={<>Applies at each user&apos;s next sign-in.</>}
                  onConfirm={async () => {
                    const outcome = await remove({ mappingId: mapping.id });
                    setRemoveError(outcome.ok ? null : outcome.error);
                  }}
                />
              </td>
            </tr>
          ))}
          {mappings.length === 0 && (
            <tr>
              <td colSpan={3} className="py-3 text-slate-500">
                No rules yet: nobody gets access through single sign-on.
              </td>
            </tr>
          )}
        </Table>
      </div>
    </Card>
  );
}
