import type { Principal } from '@/lib/auth/principal';
import { withPlatformAccess } from '@/lib/tenancy/platform';
import { appendAuditEvents } from './append-events';

/**
 * The one maintenance path that removes audit events: a platform admin deletes a tenant's events through
 * `throughSeq` (bulkhead_audit_apply_retention, the only DELETE the append-only trigger lets through, which
 * keeps the hash at the cut so the rest still verifies). The removal is recorded as an `audit.retention`
 * event in the same tenant's chain, in the same transaction: no retention without its record.
 * @returns how many events were removed
 * @throws ForbiddenError for anyone but a platform admin
 */
export async function applyAuditRetention(input: { principal: Principal; tenantId: string; throughSeq: number; requestId: string }): Promise<number> {
  const { principal, tenantId, throughSeq, requestId } = input;
  return withPlatformAccess(principal, async (tx) => {
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
