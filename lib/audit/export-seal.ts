import 'server-only';
import { sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from './canonical-json';
import type { ExportHeader } from './export-header';

/** Distinguishes a seal's signed bytes from a checkpoint's, made with the same key. */
const SEAL_CONTEXT = 'bulkhead-audit-export-seal-v1\n';

/**
 * What an export holds, signed with the platform's checkpoint key as its last line. Events and
 * checkpoints are each signed already, but nothing in them says where the file ends: cutting the last
 * events together with the checkpoints after them left a file that verified. The seal commits to the
 * header and to the count, first and last event and checkpoint count, so any truncation fails.
 */
export interface ExportSummary {
  eventCount: number;
  /** null when the export holds no event. */
  firstSeq: number | null;
  lastSeq: number | null;
  lastHash: string | null;
  checkpointCount: number;
}

export interface ExportSeal extends ExportSummary {
  signature: string;
}

export const exportSealSchema = z.strictObject({
  eventCount: z.number().int().nonnegative(),
  firstSeq: z.number().int().positive().nullable(),
  lastSeq: z.number().int().positive().nullable(),
  lastHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  checkpointCount: z.number().int().nonnegative(),
  signature: z.string().regex(/^[0-9a-f]{128}$/),
});

function serializeSealBody(header: ExportHeader, summary: ExportSummary): Buffer {
  const { eventCount, firstSeq, lastSeq, lastHash, checkpointCount } = summary;
  return Buffer.from(SEAL_CONTEXT + canonicalJson({ header: { ...header }, eventCount, firstSeq, lastSeq, lastHash, checkpointCount }), 'utf8');
}

export function signExportSeal(header: ExportHeader, summary: ExportSummary, privateKey: KeyObject): ExportSeal {
  return { ...summary, signature: sign(null, serializeSealBody(header, summary), privateKey).toString('hex') };
}

/** False for a wrong signature; never throws on hostile input. */
export function verifyExportSealSignature(header: ExportHeader, seal: ExportSeal, publicKey: KeyObject): boolean {
  try {
    return verify(null, serializeSealBody(header, seal), publicKey, Buffer.from(seal.signature, 'hex'));
  } catch {
    return false;
  }
}

/** Where the file differs from what its seal says it holds; empty when they agree. */
export function findSealMismatches(seal: ExportSummary, read: ExportSummary): string[] {
  return (['eventCount', 'firstSeq', 'lastSeq', 'lastHash', 'checkpointCount'] as const)
    .filter((field) => seal[field] !== read[field])
    .map((field) => `${field} is ${read[field]} in the file but ${seal[field]} in its seal`);
}
