'use client';

import { FieldError } from '@/components/ui/form-message';
import { TenantCheckboxes } from './tenant-checkboxes';

/** What an invitation or an SSO rule grants: a role in one tenant, or a platform role. */
export type Access = 'tenant' | 'platform_admin' | 'compliance_officer';

type FieldErrors = Record<string, string[]> | undefined;

const inputClass = 'mt-1 rounded-md border border-slate-300 px-3 py-2 text-sm';

/**
 * The access chosen in a form holding these fields, as the server actions' discriminated input:
 * `{ access: 'tenant', tenantId, role }`, `{ access: 'compliance_officer', complianceTenantIds }` or `{ access: 'platform_admin' }`.
 */
export function readAccessFields(form: FormData): Record<string, unknown> {
  const access = form.get('access');
  if (access === 'tenant') return { access, tenantId: form.get('tenantId'), role: form.get('role') };
  if (access === 'compliance_officer') return { access, complianceTenantIds: form.getAll('complianceTenantIds') };
  return { access };
}

/** Member or tenant admin, as a field named `role`. */
export function TenantRoleSelect({ fieldErrors }: { fieldErrors: FieldErrors }) {
  return (
    <label className="text-sm">
      <span className="block text-slate-600">Role</span>
      <select name="role" defaultValue="member" className={inputClass}>
        <option value="member">Member</option>
        <option value="admin">Tenant admin</option>
      </select>
      <FieldError errors={fieldErrors} name="role" />
    </label>
  );
}

/** The access select, then what that access needs: tenant and role, or the compliance officer's tenants. */
export function AccessFields({
  access,
  onAccessChange,
  tenants,
  fieldErrors,
}: {
  access: Access;
  onAccessChange: (access: Access) => void;
  tenants: { id: string; name: string }[];
  fieldErrors: FieldErrors;
}) {
  return (
    <>
      <label className="text-sm">
        <span className="block text-slate-600">Access</span>
        <select name="access" value={access} onChange={(event) => onAccessChange(event.target.value as Access)} className={inputClass}>
          <option value="tenant">A tenant</option>
          <option value="platform_admin">Platform admin</option>
          <option value="compliance_officer">Compliance officer</option>
        </select>
      </label>
      {access === 'tenant' && (
        <>
          <label className="text-sm">
            <span className="block text-slate-600">Tenant</span>
            <select name="tenantId" className={`${inputClass} max-w-full`}>
              {tenants.map((tenant) => (
                <option key={tenant.id} value={tenant.id}>
                  {tenant.name}
                </option>
              ))}
            </select>
            <FieldError errors={fieldErrors} name="tenantId" />
          </label>
          <TenantRoleSelect fieldErrors={fieldErrors} />
        </>
      )}
      {access === 'compliance_officer' && (
        <div className="basis-full">
          <TenantCheckboxes tenants={tenants} />
          <FieldError errors={fieldErrors} name="complianceTenantIds" />
        </div>
      )}
    </>
  );
}
