import { PolicyInputError } from './errors';
import type { TenantRef } from './types';

/** Orders tenants by name, then id, so every list the engine returns is the same whatever the input order. */
export function compareTenants(a: TenantRef, b: TenantRef): number {
  return a.name.localeCompare(b.name, 'en') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Throws when two tenants share an id: the answer would then depend on which one the caller listed first. */
export function assertUniqueTenantIds(tenants: readonly TenantRef[]): void {
  const seen = new Set<string>();
  for (const tenant of tenants) {
    if (seen.has(tenant.id)) throw new PolicyInputError(`Tenant id ${tenant.id} appears more than once`);
    seen.add(tenant.id);
  }
}

/** A copy of the tenant's id and name, so results never alias the caller's profile objects. */
export function toTenantRef(tenant: TenantRef): TenantRef {
  return { id: tenant.id, name: tenant.name };
}
