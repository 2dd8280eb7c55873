'use client';

import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import type { UserSummary } from '@/lib/control/identity/find-users';
import { TenantCheckboxes } from './tenant-checkboxes';

type Role = 'none' | 'platform_admin' | 'compliance_officer';

/** The platform role of one user, folded away until opened: none, platform admin, or compliance officer of chosen tenants. */
export function PlatformRoleForm({
  user,
  tenants,
  onSave,
}: {
  user: UserSummary;
  tenants: { id: string; name: string }[];
  onSave: (input: { platformRole: Role; complianceTenantIds: string[] }) => Promise<void>;
}) {
  const [role, setRole] = useState<Role>(user.platformRole ?? 'none');
  const [isSaving, setIsSaving] = useState(false);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setIsSaving(true);
    try {
      await onSave({ platformRole: role, complianceTenantIds: form.getAll('complianceTenantIds').map(String) });
    } finally {
      setIsSaving(false);
    }
  }
  return (
    <details className="rounded-md border border-slate-200 px-3 py-2 text-sm">
      <summary className="cursor-pointer text-slate-700">Platform role</summary>
      <form onSubmit={submit} className="mt-2 space-y-2">
        <label className="block">
          <span className="sr-only">Platform role of {user.email}</span>
          <select
            aria-label={`Platform role of ${user.email}`}
            value={role}
            onChange={(event) => setRole(event.target.value as Role)}
            className="rounded-md border border-slate-300 px-2 py-1"
          >
            <option value="none">None</option>
            <option value="platform_admin">Platform admin</option>
            <option value="compliance_officer">Compliance officer</option>
          </select>
        </label>
        {role === 'compliance_officer' && <TenantCheckboxes tenants={tenants} checked={user.complianceTenants.map((tenant) => tenant.tenantId)} />}
        <Button type="submit" disabled={isSaving}>
          {isSaving ? 'Saving…' : 'Save role'}
        </Button>
      </form>
    </details>
  );
}
