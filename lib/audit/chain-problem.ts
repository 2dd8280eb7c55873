import 'server-only';
/**
 * What a verifier can find wrong with a tenant's chain; docs/audit-format.md maps each tamper case to
 * the kind it shows up as.
 */
export const CHAIN_PROBLEM_KINDS = [
  /** An event's content no longer gives its stored hash (edited in place), or has no canonical form. */
  'hash_mismatch',
  /** An event's prevHash is not the hash of the event before it (one event edited and re-hashed, or inserted). */
  'broken_link',
  /** A seq is missing (deleted event). `seq` is the first missing one. */
  'gap',
  /** A seq appears twice (forged insert, or a copied record). */
  'duplicate',
  /** A seq comes after a larger one (swapped records), or time goes backwards. */
  'out_of_order',
  /** The chain ends before a checkpoint from the same store: events were dropped from the end (or only the
   * event table was restored from an older copy). `seq` is the first missing one. */
  'truncated_tail',
  /** The chain's hash at a checkpoint's seq is not the signed one (rewritten and re-hashed history), or the
   * checkpoints themselves do not form one linked chain. */
  'checkpoint_mismatch',
  /** A checkpoint's signature does not verify with the public key. */
  'bad_signature',
  /** An event or checkpoint of another tenant. */
  'wrong_tenant',
  /** An older copy of the log: it ends before a checkpoint held outside it, or the events at a checkpoint's
   * seq were written after that checkpoint was signed (restored, then appended to). */
  'rolled_back',
  /** The chain disagrees with the head its appenders keep (database verification only): events past the head
   * (inserted without the appender, which moves the head in the same statement), or the event at the head's
   * seq is not the one the head records, or events without a head. */
  'head_mismatch',
] as const;
export type ChainProblemKind = (typeof CHAIN_PROBLEM_KINDS)[number];

export interface ChainProblem {
  /** The seq where the problem shows: the event's, the first missing one's, or the checkpoint's. */
  seq: number;
  kind: ChainProblemKind;
  /** One sentence for an operator. Holds only numbers, hashes and times, never event text. */
  detail: string;
  /** 0-based position in the input of the event at fault, when one is. */
  eventIndex?: number;
  /** Position in `options.checkpoints` of the checkpoint that shows the problem, when one does. */
  checkpointIndex?: number;
}

/** The problem to report of two: the one at the lower seq, the first found on a tie. */
export function pickFirstProblem(current: ChainProblem | undefined, candidate: ChainProblem | undefined) {
  if (!current) return candidate;
  if (!candidate) return current;
  return candidate.seq < current.seq ? candidate : current;
}
