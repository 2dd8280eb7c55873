import 'server-only';
import { sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from './canonical-json';
import { describeIssue, HASH_PATTERN, TENANT_ID_PATTERN } from './event';
import { GENESIS_HASH, type ChainHead } from './hash-chain';

/**
 * A signed statement "tenant T's chain had seq S with head hash H at time X", linked to the tenant's
 * previous checkpoint by its signature. Checkpoints are stored apart from the events: a copy of the log
 * that ends before a checkpoint, or disagrees with one, has lost or rewritten events.
 */
export interface CheckpointBody {
  tenantId: string;
  /** 0 for a checkpoint of an empty chain (headHash is then GENESIS_HASH). */
  seq: number;
  headHash: string;
  time: string;
  /** The signature of the tenant's previous checkpoint; null for its first. */
  prevSignature: string | null;
}

export interface Checkpoint extends CheckpointBody {
  /** Ed25519 signature, 128 lowercase hex, over serializeCheckpointBody(body). */
  signature: string;
}

export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

const SIGNATURE_PATTERN = /^[0-9a-f]{128}$/;
// The context string keeps a checkpoint signature from meaning anything else the same key might sign.
const SIGNATURE_CONTEXT = 'bulkhead-audit-checkpoint.v1\n';

export const checkpointSchema = z.strictObject({
  tenantId: z.string().regex(TENANT_ID_PATTERN),
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  headHash: z.string().regex(HASH_PATTERN),
  time: z.iso.datetime({ precision: 3 }),
  prevSignature: z.string().regex(SIGNATURE_PATTERN).nullable(),
  signature: z.string().regex(SIGNATURE_PATTERN),
});

/**
 * Validates a checkpoint read from storage or an export (its signature is checked separately).
 * @throws CheckpointError naming the first invalid field
 */
export function parseCheckpoint(value: unknown): Checkpoint {
  const result = checkpointSchema.safeParse(value);
  if (!result.success) throw new CheckpointError(describeIssue(result.error.issues[0]));
  return result.data;
}

/** The signed bytes: a context line, then the canonical JSON of the five body fields. */
export function serializeCheckpointBody(body: CheckpointBody): string {
  const { tenantId, seq, headHash, time, prevSignature } = body;
  return SIGNATURE_CONTEXT + canonicalJson({ tenantId, seq, headHash, time, prevSignature });
}

export function signCheckpoint(body: CheckpointBody, privateKey: KeyObject): Checkpoint {
  const signature = sign(null, Buffer.from(serializeCheckpointBody(body), 'utf8'), privateKey).toString('hex');
  return { ...body, signature };
}

/** False for a wrong signature or a malformed checkpoint; never throws on hostile input. */
export function verifyCheckpointSignature(checkpoint: Checkpoint, publicKey: KeyObject): boolean {
  if (!checkpointSchema.safeParse(checkpoint).success) return false;
  try {
    const message = Buffer.from(serializeCheckpointBody(checkpoint), 'utf8');
    return verify(null, message, publicKey, Buffer.from(checkpoint.signature, 'hex'));
  } catch {
    return false;
  }
}

/**
 * Signs the tenant's current head as the next checkpoint. The checkpointer calls it with the head it
 * just read and the tenant's latest checkpoint.
 * @param head the chain's newest event, or null for an empty chain
 * @param now the clock; the time is never below the head's, and always after the previous checkpoint's
 * @throws CheckpointError when head and previous belong to another tenant, or the head is behind the
 *   previous checkpoint (the log lost events since: refuse to sign over a rollback)
 */
export function buildCheckpoint(input: {
  tenantId: string;
  head: ChainHead | null;
  previous: Checkpoint | null;
  privateKey: KeyObject;
  now?: Date;
}): Checkpoint {
  const { tenantId, head, previous, privateKey } = input;
  if (head && head.tenantId !== tenantId) throw new CheckpointError('the head belongs to another tenant');
  if (previous && previous.tenantId !== tenantId) throw new CheckpointError('the previous checkpoint belongs to another tenant');
  const seq = head ? head.seq : 0;
  const headHash = head ? head.hash : GENESIS_HASH;
  if (previous && (seq < previous.seq || (seq === previous.seq && headHash !== previous.headHash))) {
    throw new CheckpointError(`the chain head (seq ${seq}) disagrees with the previous checkpoint (seq ${previous.seq})`);
  }
  const nowIso = (input.now ?? new Date()).toISOString();
  let time = head && head.time > nowIso ? head.time : nowIso;
  // Strictly after the previous checkpoint, so time alone orders a tenant's checkpoints.
  if (previous && time <= previous.time) time = new Date(Date.parse(previous.time) + 1).toISOString();
  return signCheckpoint({ tenantId, seq, headHash, time, prevSignature: previous?.signature ?? null }, privateKey);
}
