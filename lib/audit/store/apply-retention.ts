import 'server-only';
import { z } from 'zod';
import { UserFacingError } from '@/lib/errors';
import { getPlacement } from '@/lib/placement/get-placement';
import { assertPlatformAdmin, withPlatformAccess, type PlatformRequester } from '@/lib/tenancy/platform';
import { appendAuditEvents } from './append-events';
import { toAuditSqlClient } from './append-to-chain';
import { isLogHeldElsewhere, type HeldEventFields } from './audit-outbox';
import { applyPlacedRetention } from './apply-placed-retention';
import { RetentionSeqNotFoundError, RetentionUnavailableError } from './retention-errors';

export { RetentionSeqNotFoundError, RetentionUnavailableError };

/** The platform admin applying retention (lib/auth's Principal has these). */
type RetentionRequester = PlatformRequester & { userId: string; email: string };

const retentionInputSchema = z.object({
  tenantId: z.uuid(),
  throughSeq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  requestId: z.string().min(1).max(200),
});

/**
 * The one maintenance path that removes audit events: a platform admin deletes a tenant's events through
 * `throughSeq`, wherever the tenant's log tier keeps them, keeping the hash at the cut so the rest still
 * verifies. The removal is recorded as an `audit.retention` event in the same tenant's chain, in the same
 * transaction: no retention without its record. Shared tables: bulkhead_audit_apply_retention (the only
 * DELETE their append-only trigger lets through). Own schema or database: applyPlacedRetention, as that
 * copy's owner (the only DELETE its trigger lets through), which needs BULKHEAD_OWNER_DATABASE_URL.
 * @returns how many events were removed
 * @throws ForbiddenError for anyone but a platform admin
 * @throws RetentionUnavailableError while the tenant's log is being moved to another tier
 * @throws RetentionSeqNotFoundError when the placed log has no event `throughSeq`
 */
export async function applyAuditRetention(input: { principal: RetentionRequester; tenantId: string; throughSeq: number; requestId: string }): Promise<number> {
  const { principal } = input;
  assertPlatformAdmin(principal);
  const parsed = retentionInputSchema.safeParse(input);
  if (!parsed.success) throw new UserFacingError('Retention needs a tenant and a positive event number to cut through.', 400);
  const { tenantId, throughSeq, requestId } = parsed.data;
  const describe = (removed: number): HeldEventFields => ({
    actor: { type: 'user', id: principal.userId, label: principal.email },
    action: 'audit.retention',
    target: tenantId,
    requestId,
    outcome: 'success',
    payload: { throughSeq, removedEvents: removed },
  });

  const placement = await getPlacement(tenantId, 'logs');
  // migrating: the chain is being copied and is frozen; provisioning or retired: it is not a live log.
  if (placement.state !== 'active') throw new RetentionUnavailableError();
  if (placement.tier !== 'namespace') return applyPlacedRetention(placement, { throughSeq, appliedBy: principal.userId, describe });

  return withPlatformAccess(principal, async (tx) => {
    // Read again in the transaction: a move that started since holds this chain frozen.
    if (await isLogHeldElsewhere(toAuditSqlClient(tx), tenantId)) throw new RetentionUnavailableError();
    const [{ removed }] = await tx.$queryRaw<{ removed: bigint }[]>`
      SELECT bulkhead_audit_apply_retention(${tenantId}::uuid, ${throughSeq}::bigint, ${principal.userId}) AS removed`;
    await appendAuditEvents(tx, tenantId, [describe(Number(removed))]);
    return Number(removed);
  });
}
