import 'server-only';
import { withTenant } from '@/lib/tenancy/with-tenant';
import type { ChainProblem } from '../chain-problem';
import { parseCheckpoint, type Checkpoint } from '../checkpoint';
import { toCheckpoint } from './chain-store';

/** The outcome of the last verification of a tenant's chain, as the viewer shows it. */
export interface ChainStatus {
  ok: boolean;
  /** The last seq that verified (0 when none did). */
  verifiedThroughSeq: number;
  headHash: string;
  eventCount: number;
  /** The first problem found; null when the chain verified. */
  problem: Pick<ChainProblem, 'seq' | 'kind' | 'detail'> | null;
  checkedAt: string;
  /** Who asked: a user id, or a system component. */
  checkedBy: string;
}

export interface StoredChainStatus extends ChainStatus {
  /** The newest checkpoint a successful verification confirmed, kept apart from the checkpoints table. */
  trustedCheckpoint: Checkpoint | null;
}

interface StatusRow {
  ok: boolean;
  verified_through_seq: bigint;
  head_hash: string;
  event_count: bigint;
  problem_seq: bigint | null;
  problem_kind: string | null;
  problem_detail: string | null;
  trusted_checkpoint: string | null;
  checked_at: Date;
  checked_by: string;
}

/** The tenant's last verification, or null when its chain was never verified. */
export async function getChainStatus(tenantId: string): Promise<StoredChainStatus | null> {
  const [row] = await withTenant(
    tenantId,
    (tx) =>
      tx.$queryRaw<StatusRow[]>`SELECT ok, verified_through_seq, head_hash, event_count, problem_seq, problem_kind, problem_detail,
      trusted_checkpoint, checked_at, checked_by FROM audit_chain_status WHERE tenant_id = ${tenantId}::uuid`,
  );
  if (!row) return null;
  return {
    ok: row.ok,
    verifiedThroughSeq: Number(row.verified_through_seq),
    headHash: row.head_hash,
    eventCount: Number(row.event_count),
    problem:
      row.problem_kind === null ? null : { seq: Number(row.problem_seq), kind: row.problem_kind as ChainProblem['kind'], detail: row.problem_detail ?? '' },
    checkedAt: row.checked_at.toISOString(),
    checkedBy: row.checked_by,
    trustedCheckpoint: readTrustedCheckpoint(row.trusted_checkpoint),
  };
}

export async function saveChainStatus(tenantId: string, status: StoredChainStatus): Promise<void> {
  const { problem } = status;
  const trusted = status.trustedCheckpoint && JSON.stringify(parseCheckpoint(toCheckpoint(status.trustedCheckpoint)));
  await withTenant(
    tenantId,
    (tx) =>
      tx.$executeRaw`
      INSERT INTO audit_chain_status (tenant_id, ok, verified_through_seq, head_hash, event_count, problem_seq, problem_kind,
        problem_detail, trusted_checkpoint, checked_at, checked_by)
      VALUES (${tenantId}::uuid, ${status.ok}, ${status.verifiedThroughSeq}, ${status.headHash}, ${status.eventCount},
        ${problem?.seq ?? null}, ${problem?.kind ?? null}, ${problem?.detail ?? null}, ${trusted}, ${status.checkedAt}::timestamptz, ${status.checkedBy})
      ON CONFLICT (tenant_id) DO UPDATE SET ok = EXCLUDED.ok, verified_through_seq = EXCLUDED.verified_through_seq,
        head_hash = EXCLUDED.head_hash, event_count = EXCLUDED.event_count, problem_seq = EXCLUDED.problem_seq,
        problem_kind = EXCLUDED.problem_kind, problem_detail = EXCLUDED.problem_detail,
        trusted_checkpoint = EXCLUDED.trusted_checkpoint, checked_at = EXCLUDED.checked_at, checked_by = EXCLUDED.checked_by`,
  );
}

// A mangled value is no worse than a missing one (whoever can write it could also clear it).
function readTrustedCheckpoint(text: string | null): Checkpoint | null {
  if (text === null) return null;
  try {
    return parseCheckpoint(JSON.parse(text));
  } catch {
    return null;
  }
}
