import 'server-only';
import type { KeyObject } from 'node:crypto';
import { pickFirstProblem, type ChainProblem } from './chain-problem';
import type { Checkpoint } from './checkpoint';
import type { AuditEvent } from './event';
import { computeEventHash, GENESIS_HASH } from './hash-chain';
import { checkCheckpoints, type CheckpointAnchor } from './verify-checkpoints';

export interface VerifyChainOptions {
  /** The tenant whose chain this is; any other tenant's event or checkpoint is a problem. */
  tenantId: string;
  /** The tenant's checkpoints from the store (or the export), in any order. */
  checkpoints?: readonly Checkpoint[];
  /** Verifies the checkpoints; required when any are given. */
  publicKey?: KeyObject;
  /** The newest checkpoint held outside this log (kept from an earlier verification): catches a restored older copy of log and checkpoints together. */
  trustedCheckpoint?: Checkpoint;
  /** Accept a first event with seq > 1 and start from its prevHash (an export of a time range). */
  startsMidChain?: boolean;
  /**
   * The input holds every event up to this ISO time (an export's `to`). Default: every event there
   * is, so any checkpoint past the last event means lost events.
   */
  completeThrough?: string;
  onProgress?: (progress: { eventCount: number; seq: number }) => void;
  /** Events between progress calls; default 100 000. */
  progressInterval?: number;
}

export interface VerifyChainResult {
  ok: boolean;
  /** The last seq whose event verified; 0 when none did. */
  verifiedThroughSeq: number;
  /** That event's hash (GENESIS_HASH when none verified). */
  headHash: string;
  /** Events that verified. */
  eventCount: number;
  firstSeq: number | null;
  /** Validly signed checkpoints of this tenant among those given. */
  checkpointCount: number;
  /** The highest seq a checkpoint confirmed: later events are linked but not yet signed. Null when none. */
  signedThroughSeq: number | null;
  /** When ok, the newest checkpoint: keep it, and pass it as trustedCheckpoint next time. Null otherwise. */
  lastCheckpoint: Checkpoint | null;
  firstProblem?: ChainProblem;
}

/** What the verifier reads of an event besides its hash input. */
export type ChainLink = Pick<AuditEvent, 'tenantId' | 'seq' | 'time' | 'prevHash' | 'hash'>;

export interface ChainVerifier {
  /** Feeds the next event in stored order, already validated (parseAuditEvent); false once a problem ended verification. */
  add(event: AuditEvent): boolean;
  /**
   * add() for an event in another form (a stored row): `hashOf` must compute exactly what computeEventHash
   * would for it (computeStoredEventHash does); the verifier calls it where add() hashes, and a throw counts
   * as an event that cannot be hashed.
   */
  addWith<Event extends ChainLink>(event: Event, hashOf: (event: Event) => string): boolean;
  finish(): VerifyChainResult;
}

/**
 * Verifies one tenant's chain as its events stream past, in constant memory: seq order with no gap or
 * repeat, each prevHash the previous hash, each hash recomputed, each checkpoint's head hash met at its
 * seq, and no checkpoint past the end. It stops at the first problem; see ChainProblemKind for the kinds.
 * @throws TypeError when checkpoints are given without a public key
 */
export function createChainVerifier(options: VerifyChainOptions): ChainVerifier {
  return new StreamingChainVerifier(options);
}

/** createChainVerifier over a sync or async iterable (a DB cursor, an export reader, an array). */
export async function verifyChain(events: Iterable<AuditEvent> | AsyncIterable<AuditEvent>, options: VerifyChainOptions): Promise<VerifyChainResult> {
  const verifier = createChainVerifier(options);
  if (Symbol.asyncIterator in events) {
    for await (const event of events) if (!verifier.add(event)) break;
  } else {
    for (const event of events) if (!verifier.add(event)) break;
  }
  return verifier.finish();
}

class StreamingChainVerifier implements ChainVerifier {
  private readonly anchors: CheckpointAnchor[] = [];
  private readonly checkpointProblem?: ChainProblem;
  private nextAnchor = 0;
  private position = 0;
  private count = 0;
  private firstSeq: number | null = null;
  private lastSeq = 0;
  private lastHash = GENESIS_HASH;
  private lastTime = '';
  private signedThroughSeq: number | null = null;
  /** A seq jump, reported once the next event shows whether it is a gap or a swap. */
  private jump?: { position: number; expected: number; found: number };
  private problem?: ChainProblem;

  constructor(private readonly options: VerifyChainOptions) {
    const { checkpoints = [], trustedCheckpoint, publicKey, tenantId } = options;
    if (checkpoints.length > 0 || trustedCheckpoint) {
      if (!publicKey) throw new TypeError('verifyChain needs the public key to check checkpoints');
      const checked = checkCheckpoints(checkpoints, trustedCheckpoint, tenantId, publicKey);
      this.anchors = checked.anchors;
      this.checkpointProblem = checked.problem;
    }
  }

  add(event: AuditEvent): boolean {
    return this.addWith(event, computeEventHash);
  }

  addWith<Event extends ChainLink>(event: Event, hashOf: (event: Event) => string): boolean {
    if (this.problem) return false;
    const position = this.position++;
    const { seq } = event;
    if (this.jump) return this.stop(this.resolveJump(seq, position));
    if (event.tenantId !== this.options.tenantId) {
      return this.stop({ seq, kind: 'wrong_tenant', detail: `seq ${seq} belongs to another tenant`, eventIndex: position });
    }
    if (this.count === 0 ? !this.checkStart(event, position) : !this.checkOrder(event, position)) return !this.problem;

    let hash: string;
    try {
      hash = hashOf(event);
    } catch (error) {
      return this.stop({ seq, kind: 'hash_mismatch', detail: `seq ${seq} cannot be hashed: ${(error as Error).message}`, eventIndex: position });
    }
    if (hash !== event.hash) {
      return this.stop({ seq, kind: 'hash_mismatch', detail: `seq ${seq} does not hash to its stored hash: its content was changed`, eventIndex: position });
    }
    if (!this.checkAnchorsAt(event, hash, position)) return false;

    this.lastSeq = seq;
    this.lastHash = hash;
    this.lastTime = event.time;
    this.count++;
    if (this.options.onProgress && this.count % (this.options.progressInterval ?? 100_000) === 0) {
      this.options.onProgress({ eventCount: this.count, seq });
    }
    return true;
  }

  finish(): VerifyChainResult {
    if (this.jump && !this.problem) this.problem = this.describeGap(this.jump);
    const problem = pickFirstProblem(this.problem ?? this.checkTail(), this.checkpointProblem);
    return {
      ok: !problem,
      verifiedThroughSeq: this.count > 0 ? this.lastSeq : 0,
      headHash: this.count > 0 ? this.lastHash : GENESIS_HASH,
      eventCount: this.count,
      firstSeq: this.firstSeq,
      checkpointCount: this.anchors.filter((anchor) => !anchor.isTrusted).length,
      signedThroughSeq: this.signedThroughSeq,
      lastCheckpoint: problem ? null : this.findNewestCheckpoint(),
      ...(problem && { firstProblem: problem }),
    };
  }

  private findNewestCheckpoint(): Checkpoint | null {
    const checkpoints = this.anchors.map((anchor) => anchor.checkpoint);
    return checkpoints.reduce<Checkpoint | null>((newest, next) => (!newest || next.time > newest.time ? next : newest), null);
  }

  private checkStart(event: ChainLink, position: number): boolean {
    const { seq, prevHash } = event;
    this.firstSeq = seq;
    if (seq === 1 || !this.options.startsMidChain) {
      if (seq !== 1) {
        return this.stop({ seq: 1, kind: 'gap', detail: `the chain starts at seq ${seq}: seq 1 to ${seq - 1} are missing`, eventIndex: position });
      }
      if (prevHash !== GENESIS_HASH) {
        return this.stop({ seq, kind: 'broken_link', detail: 'seq 1 does not start from the genesis hash', eventIndex: position });
      }
    }
    // Checkpoints before the first event: only one at the seq just before it can be compared.
    for (; this.nextAnchor < this.anchors.length && this.anchors[this.nextAnchor].checkpoint.seq < seq; this.nextAnchor++) {
      const { checkpoint, index } = this.anchors[this.nextAnchor];
      if (checkpoint.seq !== seq - 1) continue;
      if (checkpoint.headHash !== prevHash) {
        const detail = `seq ${seq}'s prevHash is not the head hash signed for seq ${seq - 1} at ${checkpoint.time}`;
        return this.stop({ seq, kind: 'checkpoint_mismatch', detail, eventIndex: position, ...toCheckpointIndex(index) });
      }
      this.signedThroughSeq = checkpoint.seq;
    }
    this.lastHash = prevHash;
    return true;
  }

  private checkOrder(event: ChainLink, position: number): boolean {
    const { seq } = event;
    const previous = this.lastSeq;
    if (seq === previous) {
      return this.stop({ seq, kind: 'duplicate', detail: `seq ${seq} appears twice`, eventIndex: position });
    }
    if (seq < previous) {
      return this.stop({ seq, kind: 'out_of_order', detail: `seq ${seq} comes after seq ${previous}`, eventIndex: position });
    }
    if (seq !== previous + 1) {
      this.jump = { position, expected: previous + 1, found: seq };
      return false;
    }
    if (event.prevHash !== this.lastHash) {
      const detail = `seq ${seq}'s prevHash is not the hash of seq ${previous}: one of them was replaced or inserted`;
      return this.stop({ seq, kind: 'broken_link', detail, eventIndex: position });
    }
    if (event.time < this.lastTime) {
      return this.stop({ seq, kind: 'out_of_order', detail: `seq ${seq} is dated before seq ${previous}`, eventIndex: position });
    }
    return true;
  }

  private resolveJump(seq: number, position: number): ChainProblem {
    const jump = this.jump!;
    if (seq < jump.found) {
      return { seq, kind: 'out_of_order', detail: `seq ${seq} comes after seq ${jump.found}`, eventIndex: position };
    }
    return this.describeGap(jump);
  }

  private describeGap(jump: { position: number; expected: number; found: number }): ChainProblem {
    const { expected, found } = jump;
    const missing = found - expected === 1 ? `seq ${expected} is missing` : `seq ${expected} to ${found - 1} are missing`;
    return { seq: expected, kind: 'gap', detail: `${missing} (seq ${expected - 1} is followed by seq ${found})`, eventIndex: jump.position };
  }

  private checkAnchorsAt(event: ChainLink, hash: string, position: number): boolean {
    const { seq } = event;
    for (; this.nextAnchor < this.anchors.length && this.anchors[this.nextAnchor].checkpoint.seq === seq; this.nextAnchor++) {
      const { checkpoint, index } = this.anchors[this.nextAnchor];
      if (checkpoint.headHash !== hash) {
        const where = { seq, eventIndex: position, ...toCheckpointIndex(index) };
        if (event.time > checkpoint.time) {
          const detail = `seq ${seq} is dated ${event.time}, after the checkpoint signed for that seq at ${checkpoint.time}: an older copy was restored and appended to`;
          return this.stop({ ...where, kind: 'rolled_back', detail });
        }
        const since = this.signedThroughSeq ?? (this.firstSeq ?? 1) - 1;
        const detail = `the chain's hash at seq ${seq} is not the one signed at ${checkpoint.time}: events after seq ${since} up to seq ${seq} were rewritten`;
        return this.stop({ ...where, kind: 'checkpoint_mismatch', detail });
      }
      this.signedThroughSeq = seq;
    }
    return true;
  }

  /** After the last event: a checkpoint beyond it (that the input should cover) means events are missing. */
  private checkTail(): ChainProblem | undefined {
    if (this.count === 0 && this.options.startsMidChain) return undefined;
    const head = this.count > 0 ? this.lastSeq : 0;
    const { completeThrough } = this.options;
    for (const { checkpoint, index, isTrusted } of this.anchors.slice(this.nextAnchor)) {
      if (checkpoint.seq <= head) {
        // Only reachable for an empty chain, whose checkpoints must sign the genesis hash.
        if (checkpoint.headHash === this.lastHash) continue;
        return {
          seq: checkpoint.seq,
          kind: 'checkpoint_mismatch',
          detail: `the checkpoint for seq ${checkpoint.seq} does not sign an empty chain`,
          ...toCheckpointIndex(index),
        };
      }
      if (completeThrough !== undefined && checkpoint.time > completeThrough) continue;
      const missing = `seq ${head + 1} to ${checkpoint.seq}`;
      if (isTrusted) {
        const detail = `this copy ends at seq ${head}, but the checkpoint held outside it (signed ${checkpoint.time}) covers ${missing}: it is an older copy`;
        return { seq: head + 1, kind: 'rolled_back', detail };
      }
      const detail = `the chain ends at seq ${head}, but the checkpoint signed ${checkpoint.time} covers ${missing}: they are missing`;
      return { seq: head + 1, kind: 'truncated_tail', detail, checkpointIndex: index };
    }
    return undefined;
  }

  private stop(problem: ChainProblem): false {
    this.problem = problem;
    return false;
  }
}

function toCheckpointIndex(index: number) {
  return index >= 0 ? { checkpointIndex: index } : {};
}
