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

type Action = (input: unknown) => Promise<ActionResult<unknown>>;
const inputClass = 'mt-1 rounded-md border border-slate-300 px-3 py-2 text-sm';
const roleLabel = { admin: 'Tenant admin', member: 'Member' } as const;

/** The just-in-time provisioning rules: a claim value → a tenant role. */
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
  const [result, addAction, isAdding] = useActionState(
    async (_previous: ActionResult<unknown> | null, form: FormData) =>
      add({ claim: form.get('claim'), value: form.get('value'), tenantId: form.get('tenantId'), role: form.get('role') }),
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
        <label className="text-sm">
          <span className="block text-slate-600">Tenant</span>
          <select name="tenantId" className={`${inputClass} max-w-full`}>
            {tenants.map((tenant) => (
              <option key={tenant.id} value={tenant.id}>
                {tenant.name}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="block text-slate-600">Role</span>
          <select name="role" defaultValue="member" className={inputClass}>
            <option value="member">Member</option>
            <option value="admin">Tenant admin</option>
          </select>
        </label>
        <Button type="submit" disabled={isAdding}>
          Add rule
        </Button>
      </form>
      <div className="mt-3 space-y-2">
        {result && !result.ok && !fieldErrors && <FormMessage tone="error">{result.error}</FormMessage>}
        {removeError && <FormMessage tone="error">{removeError}</FormMessage>}
      </div>
      <div className="mt-3 overflow-x-auto">
        <Table
          columns={[{ label: 'Claim holds', className: 'py-2' }, 'Tenant', 'Role', '']}
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
              <td className="pr-3">{mapping.tenantName}</td>
              <td className="pr-3">{roleLabel[mapping.role]}</td>
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
              <td colSpan={4} className="py-3 text-slate-500">
                No rules yet: nobody gets access through single sign-on.
              </td>
            </tr>
          )}
        </Table>
      </div>
    </Card>
  );
}
