import 'server-only';
import type { ChainProblemKind } from './chain-problem';
import type { Checkpoint } from './checkpoint';
import { CheckpointKeyError, getPublicKeyFingerprint, importPublicKey } from './checkpoint-key';
import { ExportFormatError, type ExportHeader } from './export-format';
import { findSealMismatches, verifyExportSealSignature } from './export-seal';
import { getEventLine, readExportFile, type ExportFile } from './read-export-file';
import { createChainVerifier, type VerifyChainOptions, type VerifyChainResult } from './verify-chain';

export interface ExportFailure {
  /** The file line of the bad record; null when none is at fault (a missing tail, a rollback). */
  line: number | null;
  seq: number | null;
  /** A chain problem, 'format' for a malformed or misplaced line, 'untrusted_key' for a key that is not the pinned one. */
  kind: ChainProblemKind | 'format' | 'untrusted_key';
  detail: string;
}

export interface ExportVerification {
  ok: boolean;
  header: ExportHeader | null;
  result: VerifyChainResult | null;
  /** SHA-256 of the header's public key: compare it with the platform's when the key is not pinned. */
  publicKeyFingerprint: string | null;
  isPublicKeyPinned: boolean;
  failure?: ExportFailure;
}

export interface VerifyExportOptions {
  /** The platform's checkpoint public key (base64 SPKI). Without it the export vouches for its own key. */
  pinnedPublicKey?: string;
  /** The newest checkpoint kept from an earlier verification: proves this file is not an older copy. */
  trustedCheckpoint?: Checkpoint;
  onProgress?: VerifyChainOptions['onProgress'];
}

/**
 * Verifies a JSONL export file offline: layout and schema of every line, the header's key against a
 * pinned one, then the chain and its checkpoints. A partial export (header `from` set) starts from its
 * first event's prevHash; its `to` bounds which checkpoints must be covered. The last line, the seal,
 * must be signed with the same key and agree with what the file holds, so a file cut short fails.
 * @throws Error when the file cannot be read (missing, unreadable) or pinnedPublicKey is not a key
 */
export async function verifyExportFile(path: string, options: VerifyExportOptions = {}): Promise<ExportVerification> {
  const pinnedFingerprint = options.pinnedPublicKey ? getPublicKeyFingerprint(importPublicKey(options.pinnedPublicKey)) : null;
  const buildFailure = (header: ExportHeader | null, fingerprint: string | null, failure: ExportFailure): ExportVerification => ({
    ok: false,
    header,
    result: null,
    publicKeyFingerprint: fingerprint,
    isPublicKeyPinned: pinnedFingerprint !== null,
    failure,
  });
  let file: ExportFile;
  try {
    file = await readExportFile(path);
  } catch (error) {
    if (error instanceof ExportFormatError) return buildFailure(null, null, formatFailure(error));
    throw error;
  }
  const { header } = file;
  let publicKey;
  try {
    publicKey = importPublicKey(header.publicKey);
  } catch (error) {
    if (!(error instanceof CheckpointKeyError)) throw error;
    return buildFailure(header, null, { line: 1, seq: null, kind: 'format', detail: error.message });
  }
  const fingerprint = getPublicKeyFingerprint(publicKey);
  if (pinnedFingerprint && fingerprint !== pinnedFingerprint) {
    const detail = `the export's checkpoints are signed with key ${fingerprint}, not the pinned key ${pinnedFingerprint}`;
    return buildFailure(header, fingerprint, { line: 1, seq: null, kind: 'untrusted_key', detail });
  }

  const verifier = createChainVerifier({
    tenantId: header.tenantId,
    checkpoints: file.checkpoints,
    publicKey,
    trustedCheckpoint: options.trustedCheckpoint,
    startsMidChain: header.from !== null,
    completeThrough: header.to ?? undefined,
    onProgress: options.onProgress,
  });
  try {
    stream: for await (const batch of file.readEventBatches()) {
      for (const event of batch) if (!verifier.add(event)) break stream;
    }
  } catch (error) {
    if (error instanceof ExportFormatError) return buildFailure(header, fingerprint, formatFailure(error));
    throw error;
  }
  const result = verifier.finish();
  const base = { header, result, publicKeyFingerprint: fingerprint, isPublicKeyPinned: pinnedFingerprint !== null };
  const problem = result.firstProblem;
  if (!problem) {
    const read = {
      eventCount: result.eventCount,
      firstSeq: result.firstSeq,
      lastSeq: result.eventCount ? result.verifiedThroughSeq : null,
      lastHash: result.eventCount ? result.headHash : null,
      checkpointCount: file.checkpoints.length,
    };
    // Checked last, so an edit inside the file is named by the chain's own finding first.
    if (!verifyExportSealSignature(header, file.seal, publicKey)) {
      return {
        ok: false,
        ...base,
        failure: { line: file.sealLine, seq: null, kind: 'format', detail: "the seal's signature does not match the header and what it lists" },
      };
    }
    const mismatches = findSealMismatches(file.seal, read);
    if (mismatches.length > 0) {
      return {
        ok: false,
        ...base,
        failure: { line: file.sealLine, seq: null, kind: 'format', detail: `the file is not what its seal lists: ${mismatches.join('; ')}` },
      };
    }
    return { ok: true, ...base };
  }
  const line =
    problem.eventIndex !== undefined
      ? getEventLine(problem.eventIndex)
      : problem.checkpointIndex !== undefined
        ? file.checkpointLines[problem.checkpointIndex]
        : null;
  return { ok: false, ...base, failure: { line, seq: problem.seq, kind: problem.kind, detail: problem.detail } };
}

function formatFailure(error: ExportFormatError): ExportFailure {
  return { line: error.lineNumber, seq: null, kind: 'format', detail: error.message.replace(/^line \d+: /, 'the line ') };
}
