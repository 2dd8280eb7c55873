import 'server-only';
import { logEvent } from '@/lib/log/logger';
import { pickFirstProblem, type ChainProblem } from '../chain-problem';
import type { Checkpoint } from '../checkpoint';
import { getCheckpointPublicKey, type CheckpointPublicKey } from '../checkpoint-signer';
import { GENESIS_HASH, type ChainHead } from '../hash-chain';
import { createChainVerifier, type ChainLink } from '../verify-chain';
import { getAuditChainStore, toCheckpoint, type AuditChainStore, type RetentionMark } from './chain-store';
import { getChainStatus, saveChainStatus, type ChainStatus } from './chain-status';
import { createCheckpointIfDue } from './create-checkpoint';
import { getComputedHash } from './hash-stored-rows';

export interface VerifyProgress {
  eventCount: number;
  /** The seq just verified. */
  seq: number;
  /** The head's seq when verification started (events appended since are verified too). */
  headSeq: number;
}

export interface VerifyTenantChainOptions {
  /** Recorded with the status: a user id, or the component that asked. */
  checkedBy: string;
  onProgress?: (progress: VerifyProgress) => void;
  /** Events between progress calls; default 10 000. */
  progressInterval?: number;
}

type Verified = Pick<ChainStatus, 'verifiedThroughSeq' | 'headHash' | 'eventCount'> & { problem?: ChainProblem; lastCheckpoint: Checkpoint | null };

/**
 * Verifies a tenant's chain from its store, wherever it lives: every event, hashed from its stored form as
 * it is read (streamStoredEvents, in a worker thread where one runs), through the chain verifier in seq order (hashes, links, gaps, order),
 * against the tenant's signed checkpoints, the checkpoint a previous verification trusted (a restored
 * older copy of log and checkpoints), the retention mark and the head appenders keep. Saves and returns
 * the status; a verified chain gets a checkpoint when one is due.
 */
export async function verifyTenantChain(tenantId: string, options: VerifyTenantChainOptions): Promise<ChainStatus> {
  const store = getAuditChainStore(tenantId);
  const key = await getCheckpointPublicKey();
  // Checkpoints, then the head, then the events: nothing signed can be newer than what is read after it.
  const checkpoints = (await store.findCheckpoints()).map(toCheckpoint);
  const [head, mark, previous] = await Promise.all([store.getHead(), store.getRetentionMark(), getChainStatus(tenantId)]);
  const checkedAt = new Date().toISOString();
  const trustedBefore = previous?.trustedCheckpoint ?? null;

  const verified: Verified =
    key || checkpoints.length === 0
      ? await verifyEvents(store, { checkpoints, key, trustedCheckpoint: trustedBefore, head, mark, options })
      : {
          verifiedThroughSeq: 0,
          headHash: GENESIS_HASH,
          eventCount: 0,
          problem: { seq: checkpoints[0].seq, kind: 'bad_signature', detail: 'checkpoints exist but no checkpoint key is stored to verify them' },
          lastCheckpoint: null,
        };
  const { problem, lastCheckpoint, ...counts } = verified;
  const status: ChainStatus = {
    ok: !problem,
    ...counts,
    problem: problem ? { seq: problem.seq, kind: problem.kind, detail: problem.detail } : null,
    checkedAt,
    checkedBy: options.checkedBy,
  };
  await saveChainStatus(tenantId, { ...status, trustedCheckpoint: status.ok ? (lastCheckpoint ?? trustedBefore) : trustedBefore });
  if (status.ok) {
    await createCheckpointIfDue(tenantId).catch((error) => logEvent('warn', 'audit checkpoint after verification failed', { tenantId, error }));
  }
  return status;
}

async function verifyEvents(
  store: AuditChainStore,
  input: {
    checkpoints: Checkpoint[];
    key: CheckpointPublicKey | null;
    trustedCheckpoint: Checkpoint | null;
    head: ChainHead | null;
    mark: RetentionMark | null;
    options: VerifyTenantChainOptions;
  },
): Promise<Verified> {
  const { head, mark, options } = input;
  const headSeq = head?.seq ?? 0;
  const verifier = createChainVerifier({
    tenantId: store.tenantId,
    checkpoints: input.checkpoints,
    publicKey: input.key?.publicKey,
    trustedCheckpoint: (input.key && input.trustedCheckpoint) || undefined,
    startsMidChain: mark !== null,
    progressInterval: options.progressInterval ?? 10_000,
    onProgress: options.onProgress && ((progress) => options.onProgress!({ ...progress, headSeq })),
  });
  let extra: ChainProblem | undefined;
  let last: ChainLink | null = null;
  reading: for await (const batch of store.streamStoredEvents({ fromSeq: mark ? mark.throughSeq + 1 : 1 })) {
    for (const event of batch) {
      extra = !last && mark ? checkRetentionStart(event, mark) : undefined;
      if (extra || !verifier.addWith(event, getComputedHash)) break reading;
      if (head && event.seq === head.seq && event.hash !== head.hash) {
        extra = { seq: event.seq, kind: 'head_mismatch', detail: `seq ${event.seq} is not the event the chain head records: it was replaced` };
        break reading;
      }
      last = event;
    }
  }
  const result = verifier.finish();
  // Appenders insert events and move the head in one statement, so once an event is read the head is at
  // least there: read again now, and an event past it was inserted some other way.
  const problem = pickFirstProblem(result.firstProblem, extra) ?? checkHead(head, (await store.getHead()) ?? head, last, mark);

  let verified: Verified = {
    verifiedThroughSeq: result.verifiedThroughSeq,
    headHash: result.headHash,
    eventCount: result.eventCount,
    problem,
    lastCheckpoint: result.lastCheckpoint,
  };
  if (result.eventCount === 0 && mark) verified = { ...verified, verifiedThroughSeq: mark.throughSeq, headHash: mark.hashAtSeq };
  if (problem && verified.verifiedThroughSeq >= problem.seq) {
    // The verifier accepted events the head checks then refused: count only what precedes the problem.
    const [before] = (await store.findEvents({ beforeSeq: problem.seq, limit: 1 })).events;
    const dropped = verified.verifiedThroughSeq - (before?.seq ?? 0);
    verified = {
      ...verified,
      verifiedThroughSeq: before?.seq ?? 0,
      headHash: before?.hash ?? GENESIS_HASH,
      eventCount: Math.max(0, verified.eventCount - dropped),
    };
  }
  return verified;
}

/** After retention the chain must resume right after the cut, from the hash kept at the cut. */
function checkRetentionStart(event: ChainLink, mark: RetentionMark): ChainProblem | undefined {
  const expected = mark.throughSeq + 1;
  if (event.seq !== expected) {
    return { seq: expected, kind: 'gap', detail: `retention kept seq ${expected} onwards, but the chain resumes at seq ${event.seq}`, eventIndex: 0 };
  }
  if (event.prevHash !== mark.hashAtSeq) {
    return {
      seq: event.seq,
      kind: 'broken_link',
      detail: `seq ${event.seq} does not follow the hash kept when retention cut seq ${mark.throughSeq}`,
      eventIndex: 0,
    };
  }
  return undefined;
}

/**
 * The head appenders keep is an unsigned checkpoint: a chain that ends before the head read at the start
 * has lost its newest events; one that goes past the head read at the end has events no appender wrote.
 */
function checkHead(headBefore: ChainHead | null, headAfter: ChainHead | null, last: ChainLink | null, mark: RetentionMark | null): ChainProblem | undefined {
  const endSeq = last?.seq ?? mark?.throughSeq ?? 0;
  if (!headAfter) {
    return last ? { seq: last.seq, kind: 'head_mismatch', detail: `the chain has events through seq ${last.seq} but no head` } : undefined;
  }
  if (headBefore && endSeq < headBefore.seq) {
    const detail = `the chain ends at seq ${endSeq}, but its head records seq ${headBefore.seq}: seq ${endSeq + 1} to ${headBefore.seq} are missing`;
    return { seq: endSeq + 1, kind: 'truncated_tail', detail };
  }
  if (endSeq > headAfter.seq) {
    const detail = `the chain goes on to seq ${endSeq}, past its head at seq ${headAfter.seq}: seq ${headAfter.seq + 1} onwards were not written by an appender`;
    return { seq: headAfter.seq + 1, kind: 'head_mismatch', detail };
  }
  if (!last && mark && mark.hashAtSeq !== headAfter.hash) {
    return { seq: headAfter.seq, kind: 'head_mismatch', detail: `the head does not record the hash kept when retention cut seq ${mark.throughSeq}` };
  }
  return undefined;
}
