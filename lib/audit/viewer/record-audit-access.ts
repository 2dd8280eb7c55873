import 'server-only';
import { hasTenantPermission, type Permission } from '@/lib/auth/principal';
import type { TenantAccess } from '@/lib/auth/tenant-access';
import type { JsonValue } from '../event';
import { recordAuditEvent } from '../store/record-event';

/**
 * True when the principal reads this tenant's audit log only by being a platform admin: its own grant on
 * the tenant (if any) would not allow it. A tenant's admin or assigned compliance officer reads by right.
 */
export function isPlatformAuditAccess(access: TenantAccess): boolean {
  return isPlatformOnlyAccess(access, 'audit.read');
}

/** True when only the platform-admin role, not the principal's own grant on the tenant, allows `permission`. */
export function isPlatformOnlyAccess(access: TenantAccess, permission: Permission): boolean {
  if (access.principal.platformRole !== 'platform_admin') return false;
  const withoutPlatformRole = { ...access.principal, platformRole: null };
  return !hasTenantPermission(withoutPlatformRole, access.grant, permission);
}

/**
 * Records a platform admin's read of a tenant's audit log as an `audit.access` event in that tenant's own
 * chain, before anything is read (if it cannot be recorded, nothing is shown). Others' reads are not events.
 */
export async function recordPlatformAuditAccess(
  access: TenantAccess,
  details: { requestId: string; via: 'console' | 'api'; what: string; query?: JsonValue },
): Promise<void> {
  if (!isPlatformAuditAccess(access)) return;
  const { principal, tenant } = access;
  await recordAuditEvent({
    tenantId: tenant.id,
    actor: { type: 'user', id: principal.userId, label: principal.email },
    action: 'audit.access',
    target: tenant.id,
    requestId: details.requestId,
    outcome: 'success',
    payload: { via: details.via, what: details.what, ...(details.query !== undefined && { query: details.query }) },
  });
}
