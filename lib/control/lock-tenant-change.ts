import 'server-only';
import { NotFoundError, UserFacingError } from '@/lib/errors';
import type { PlatformTransaction } from '@/lib/tenancy/platform';
import { policyTenantSelect, type PolicyTenantRow } from './policy-snapshot';

// One key for every write that can move a tenant's minimum or tier. A tier check reads other tenants'
// classifications (rule R3 compares them), so two changes to different tenants can still invalidate
// each other's check (write skew); serializing them under one transaction-scoped lock prevents that.
// They are rare admin operations, so one lock for the platform costs nothing noticeable.
const POLICY_LOCK_KEY = 7_301_452_118_001;

/** Serializes classification and tier changes across the platform until the transaction ends. */
export async function lockPolicyChanges(tx: PlatformTransaction): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${POLICY_LOCK_KEY}::bigint)`;
}

/** Someone saved the tenant after this editor loaded it. */
export class StaleTenantError extends UserFacingError {
  constructor() {
    super('Someone else changed this tenant after you opened the page. Reload to see their change, then try again.', 409);
    this.name = 'StaleTenantError';
  }
}

/**
 * Locks the tenant row for the rest of the transaction and checks that it is still the version the
 * editor saw, so a save based on stale data is refused rather than silently overwriting a newer one.
 * @throws NotFoundError when the tenant is gone or offboarded; StaleTenantError on a version mismatch
 */
export async function lockTenantForChange(tx: PlatformTransaction, tenantId: string, expectedUpdatedAt: string): Promise<PolicyTenantRow> {
  await tx.$executeRaw`SELECT 1 FROM tenants WHERE id = ${tenantId}::uuid FOR UPDATE`;
  const row = await tx.tenant.findFirst({ where: { id: tenantId, status: 'active' }, select: policyTenantSelect });
  if (!row) throw new NotFoundError();
  if (row.updatedAt.getTime() !== new Date(expectedUpdatedAt).getTime()) throw new StaleTenantError();
  return row;
}

/** The next version stamp: now, but always later than the last one, so two saves within a millisecond still differ. */
export function nextVersion(previous: Date, now: Date): Date {
  return new Date(Math.max(now.getTime(), previous.getTime() + 1));
}
