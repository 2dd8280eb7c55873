/** The tenants a compliance officer may read, as checkboxes named `complianceTenantIds`. */
export function TenantCheckboxes({ tenants, checked = [] }: { tenants: { id: string; name: string }[]; checked?: string[] }) {
  return (
    <fieldset className="text-sm">
      <legend className="text-slate-600">Tenants whose audit logs they read</legend>
      <div className="mt-1 flex max-h-40 flex-wrap gap-x-4 gap-y-1 overflow-y-auto">
        {tenants.map((tenant) => (
          <label key={tenant.id} className="flex items-center gap-1">
            <input type="checkbox" name="complianceTenantIds" value={tenant.id} defaultChecked={checked.includes(tenant.id)} />
            {tenant.name}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
