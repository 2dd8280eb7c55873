import 'server-only';
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Tenant ids are UUIDs; anything else is a programming error, never a reason to widen scope. */
export function assertTenantId(tenantId: unknown): asserts tenantId is string {
  if (typeof tenantId !== 'string' || !uuidPattern.test(tenantId)) {
    throw new TypeError('withTenant needs a tenant id (uuid)');
  }
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && uuidPattern.test(value);
}
