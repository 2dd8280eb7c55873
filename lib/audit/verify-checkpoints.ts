import 'server-only';
import type { KeyObject } from 'node:crypto';
import { pickFirstProblem, type ChainProblem } from './chain-problem';
import { verifyCheckpointSignature, type Checkpoint } from './checkpoint';

/** A checkpoint the chain is compared with, and where it came from. */
export interface CheckpointAnchor {
  checkpoint: Checkpoint;
  /** Position in the caller's checkpoints, or -1 for the trusted checkpoint held outside the log. */
  index: number;
  isTrusted: boolean;
}

/**
 * Checks the checkpoints on their own: tenant, signature, and that they form one linked run of the
 * tenant's checkpoint chain (ordered by time, which buildCheckpoint makes strictly increasing, each
 * naming the one before it, seq never going back). A run may begin anywhere, so a partial export can
 * carry just the checkpoints around its range.
 * @returns the anchors worth comparing with the events (validly signed, the tenant's, ordered by seq)
 *   and the lowest-seq problem found among the checkpoints, if any
 */
export function checkCheckpoints(
  checkpoints: readonly Checkpoint[],
  trusted: Checkpoint | undefined,
  tenantId: string,
  publicKey: KeyObject,
): { anchors: CheckpointAnchor[]; problem?: ChainProblem } {
  const anchors: CheckpointAnchor[] = [];
  let problem: ChainProblem | undefined;
  const byTime = checkpoints.map((checkpoint, index) => ({ checkpoint, index })).sort(compareByTime);

  byTime.forEach(({ checkpoint, index }, position) => {
    const own = checkOne(checkpoint, tenantId, publicKey, `checkpoint at seq ${checkpoint.seq}`);
    if (own) problem = pickFirstProblem(problem, { ...own, checkpointIndex: index });
    else anchors.push({ checkpoint, index, isTrusted: false });
    if (position > 0) problem = pickFirstProblem(problem, checkLink(byTime[position - 1].checkpoint, checkpoint, index));
  });

  if (trusted) {
    const own = checkOne(trusted, tenantId, publicKey, `trusted checkpoint at seq ${trusted.seq}`);
    if (own) problem = pickFirstProblem(problem, own);
    else anchors.push({ checkpoint: trusted, index: -1, isTrusted: true });
  }
  // Stable: on a tie the material checkpoint comes before the trusted one.
  anchors.sort((a, b) => a.checkpoint.seq - b.checkpoint.seq);
  return { anchors, problem };
}

function checkOne(checkpoint: Checkpoint, tenantId: string, publicKey: KeyObject, name: string): ChainProblem | undefined {
  if (checkpoint.tenantId !== tenantId) {
    return { seq: checkpoint.seq, kind: 'wrong_tenant', detail: `${name} belongs to another tenant` };
  }
  if (!verifyCheckpointSignature(checkpoint, publicKey)) {
    return { seq: checkpoint.seq, kind: 'bad_signature', detail: `${name} does not verify with the public key` };
  }
  return undefined;
}

function checkLink(before: Checkpoint, checkpoint: Checkpoint, index: number): ChainProblem | undefined {
  const where = `checkpoint at seq ${checkpoint.seq} (signed ${checkpoint.time})`;
  if (checkpoint.prevSignature !== before.signature) {
    return {
      seq: checkpoint.seq,
      kind: 'checkpoint_mismatch',
      detail: `${where} does not follow the checkpoint at seq ${before.seq} (signed ${before.time}): a checkpoint between them is missing or foreign`,
      checkpointIndex: index,
    };
  }
  if (checkpoint.seq < before.seq || checkpoint.time === before.time) {
    return {
      seq: checkpoint.seq,
      kind: 'checkpoint_mismatch',
      detail: `${where} goes back from the checkpoint at seq ${before.seq}`,
      checkpointIndex: index,
    };
  }
  return undefined;
}

function compareByTime(a: { checkpoint: Checkpoint }, b: { checkpoint: Checkpoint }) {
  if (a.checkpoint.time === b.checkpoint.time) return a.checkpoint.seq - b.checkpoint.seq;
  return a.checkpoint.time < b.checkpoint.time ? -1 : 1;
}
