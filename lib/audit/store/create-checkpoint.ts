import 'server-only';
import { buildCheckpoint } from '../checkpoint';
import { getCheckpointSigner } from '../checkpoint-signer';
import type { ChainHead } from '../hash-chain';
import { getAuditChainStore, type StoredCheckpoint } from './chain-store';

/**
 * When a periodic checkpoint is due. There is no daemon: the chain viewer and every verification call
 * createCheckpointIfDue, so an active tenant's log is signed at least every `everyEvents` appends or
 * `everyMs` (whichever comes first) as long as someone looks at it or verifies it.
 */
export interface CheckpointSchedule {
  everyEvents: number;
  everyMs: number;
}

export const DEFAULT_CHECKPOINT_SCHEDULE: CheckpointSchedule = { everyEvents: 1_000, everyMs: 15 * 60 * 1000 };

/**
 * Signs the tenant's current head now (on demand: before every export, or from a maintenance script).
 * When nothing was appended since the newest checkpoint, that one still holds and is returned.
 * @throws CheckpointError when the head is behind the newest checkpoint (events were lost: verify the chain)
 * @throws AuditChainError when the head does not match its stored event
 * @throws CheckpointSignerError / CheckpointKeyError when the signing key cannot be opened
 */
export async function createCheckpoint(tenantId: string): Promise<StoredCheckpoint> {
  const signer = await getCheckpointSigner();
  let existing: StoredCheckpoint | null = null;
  const created = await getAuditChainStore(tenantId).addCheckpoint((head, previous) => {
    if (previous && head && head.seq === previous.seq && head.hash === previous.headHash) {
      existing = previous;
      return null;
    }
    return { ...buildCheckpoint({ tenantId, head, previous, privateKey: signer.privateKey }), keyId: signer.keyId };
  });
  return (created ?? existing)!;
}

/**
 * The periodic checkpoint: signs the head only when the schedule says one is due.
 * @returns the new checkpoint, or null when none was due
 */
export async function createCheckpointIfDue(
  tenantId: string,
  schedule: CheckpointSchedule = DEFAULT_CHECKPOINT_SCHEDULE,
  now: Date = new Date(),
): Promise<StoredCheckpoint | null> {
  const signer = await getCheckpointSigner();
  return getAuditChainStore(tenantId).addCheckpoint((head, previous) => {
    if (!isCheckpointDue(head, previous, schedule, now)) return null;
    return { ...buildCheckpoint({ tenantId, head, previous, privateKey: signer.privateKey, now }), keyId: signer.keyId };
  });
}

function isCheckpointDue(head: ChainHead | null, previous: StoredCheckpoint | null, schedule: CheckpointSchedule, now: Date): boolean {
  if (!head) return false;
  if (!previous) return true;
  if (head.seq <= previous.seq) return false;
  return head.seq - previous.seq >= schedule.everyEvents || now.getTime() - Date.parse(previous.time) >= schedule.everyMs;
}
