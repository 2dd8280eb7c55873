import type { Principal } from '@/lib/auth/principal';
import { withPlatformAccess } from '@/lib/tenancy/platform';
import { UserFacingError } from '@/lib/errors';
import { appendAuditEvents, toAuditSqlClient } from './append-events';
import { isLogHeldElsewhere } from './audit-outbox';

/** Retention of a log placed in the tenant's own schema or database, or being moved: not available yet. */
export class RetentionUnavailableError extends UserFacingError {
  constructor() {
    super("Retention is not available yet for a tenant whose audit log is in its own schema or database, or is being moved.", 409);
    this.name = 'RetentionUnavailableError';
  }
}

/**
 * The one maintenance path that removes audit events: a platform admin deletes a tenant's events through
 * `throughSeq` (bulkhead_audit_apply_retention, the only DELETE the append-only trigger lets through, which
 * keeps the hash at the cut so the rest still verifies). The removal is recorded as an `audit.retention`
 * event in the same tenant's chain, in the same transaction: no retention without its record.
 * @returns how many events were removed
 * @throws ForbiddenError for anyone but a platform admin
 * @throws RetentionUnavailableError when the tenant's log is placed or moving
 */
export async function applyAuditRetention(input: { principal: Principal; tenantId: string; throughSeq: number; requestId: string }): Promise<number> {
  const { principal, tenantId, throughSeq, requestId } = input;
  return withPlatformAccess(principal, async (tx) => {
    // The retention function cuts the shared tables; a placed log would need its own (not built yet).
    if (await isLogHeldElsewhere(toAuditSqlClient(tx), tenantId)) throw new RetentionUnavailableError();
    const [{ removed }] = await tx.$queryRaw<{ removed: bigint }[]>`
      SELECT bulkhead_audit_apply_retention(${tenantId}::uuid, ${throughSeq}::bigint, ${principal.userId}) AS removed`;
    await appendAuditEvents(tx, tenantId, [
      {
        actor: { type: 'user', id: principal.userId, label: principal.email },
        action: 'audit.retention',
        target: tenantId,
        requestId,
        outcome: 'success',
        payload: { throughSeq, removedEvents: Number(removed) },
      },
    ]);
    return Number(removed);
  });
}
