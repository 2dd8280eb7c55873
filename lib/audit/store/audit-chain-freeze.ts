import 'server-only';
import { GENESIS_HASH } from '../hash-chain';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { PlacementOperationError } from '@/lib/placement/errors';
import type { Placement } from '@/lib/placement/get-placement';
import { AUDIT_SHARED_SCHEMA } from '@/lib/placement/layers';
import { inPlacementOwnerTransaction } from '@/lib/placement/placement-owner-transaction';

/**
 * Freezes (or thaws) one copy of a tenant's audit chain: its head's `frozen` flag, which every
 * appender reads under the head lock in the statement that takes it. Freezing waits for an append in
 * flight to commit (it needs the same row lock), and no append starts on the copy afterwards, so a
 * chain can be copied with nothing lost and no drain delay. Done as the owner: the placement's own
 * role (and the application role on the shared tables) may move the head but never freeze or thaw it.
 * A chain never written gets a frozen empty head, so it cannot be started behind the migration's back.
 */
export async function setAuditChainFrozen(placement: Placement, frozen: boolean): Promise<void> {
  assertAuditChainLocation(placement);
  await inPlacementOwnerTransaction(placement, (owner) =>
    owner.query(
      `INSERT INTO audit_heads (tenant_id, seq, hash, time, frozen) VALUES ($1::uuid, 0, $2, to_timestamp(0), $3)
       ON CONFLICT (tenant_id) DO UPDATE SET frozen = EXCLUDED.frozen`,
      [placement.tenantId, GENESIS_HASH, frozen],
    ),
  );
}

/**
 * A namespace log is the control plane's audit tables and nothing else. Refuses a placement that says
 * otherwise (a row written by older code), before anything is frozen, copied or released elsewhere.
 */
export function assertAuditChainLocation(placement: Placement): void {
  if (placement.layer === 'logs' && placement.tier === 'namespace' && placement.schemaName !== AUDIT_SHARED_SCHEMA) {
    throw new PlacementOperationError(`The shared log placement of this tenant names schema ${placement.schemaName}; it must be ${AUDIT_SHARED_SCHEMA}.`);
  }
}

/**
 * Destroys the shared-table copy of a chain that moved to the tenant's own schema or database. The
 * database function refuses unless the control plane already places the log elsewhere and active,
 * and leaves the emptied head frozen, so a late appender fails instead of starting a new chain there.
 */
export async function releaseSharedAuditChain(tenantId: string): Promise<number> {
  const [{ removed }] = await withPlatformSystemAccess(
    'placement worker: release the moved audit chain',
    (tx) => tx.$queryRaw<{ removed: bigint }[]>`SELECT bulkhead_audit_release_moved_chain(${tenantId}::uuid) AS removed`,
  );
  return Number(removed);
}
