import 'server-only';
import { inPlacementOwnerTransaction } from '@/lib/placement/placement-owner-transaction';
import type { Placement } from '@/lib/placement/get-placement';
import { appendAuditEventsWith, toAuditSqlClientOnPg } from './append-to-chain';
import type { HeldEventFields } from './audit-outbox';
import { RetentionSeqNotFoundError, RetentionUnavailableError } from './retention-errors';

/**
 * bulkhead_audit_apply_retention's cut, on a log in the tenant's own schema or database: deletes the
 * events through `throughSeq`, keeps the hash at the cut in that copy's audit_retention_marks (the
 * verifier resumes from it), and appends the record `describe(removed)` returns, all in one transaction.
 * Done as the tables' owner, the maintenance role the placed append-only trigger lets delete, and only
 * while bulkhead.audit_retention is on; the placement's own role (the one requests use) can neither
 * delete events nor write marks. Needs BULKHEAD_OWNER_DATABASE_URL, which only maintenance processes hold.
 * @throws RetentionUnavailableError when this copy is frozen (a tier migration is copying it)
 * @throws RetentionSeqNotFoundError when there is no event `throughSeq`
 */
export async function applyPlacedRetention(
  placement: Placement,
  input: { throughSeq: number; appliedBy: string; describe: (removed: number) => HeldEventFields },
): Promise<number> {
  const { tenantId } = placement;
  return inPlacementOwnerTransaction(placement, async (owner) => {
    const client = toAuditSqlClientOnPg(owner);
    // The appenders' lock first: nothing is appended between the cut and its record, and a migration's
    // freeze of this copy waits until both have committed (or sees this copy already frozen).
    const [head] = await client.query('SELECT frozen FROM audit_heads WHERE tenant_id = $1::uuid FOR UPDATE', [tenantId]);
    if (head?.frozen === true) throw new RetentionUnavailableError();
    const [cut] = await client.query('SELECT hash FROM audit_events WHERE tenant_id = $1::uuid AND seq = $2', [tenantId, input.throughSeq]);
    if (!cut) throw new RetentionSeqNotFoundError(input.throughSeq);

    await client.query("SELECT set_config('bulkhead.audit_retention', 'on', true)", []);
    const deleted = await owner.query('DELETE FROM audit_events WHERE tenant_id = $1::uuid AND seq <= $2', [tenantId, input.throughSeq]);
    await client.query("SELECT set_config('bulkhead.audit_retention', 'off', true)", []);
    await client.query(
      `INSERT INTO audit_retention_marks (tenant_id, through_seq, hash_at_seq, applied_by) VALUES ($1::uuid, $2, $3, $4)
       ON CONFLICT (tenant_id) DO UPDATE SET through_seq = EXCLUDED.through_seq, hash_at_seq = EXCLUDED.hash_at_seq,
         applied_at = CURRENT_TIMESTAMP, applied_by = EXCLUDED.applied_by`,
      [tenantId, input.throughSeq, cut.hash, input.appliedBy],
    );
    const removed = deleted.rowCount ?? 0;
    await appendAuditEventsWith(client, tenantId, [input.describe(removed)]);
    return removed;
  });
}
