import 'server-only';
import { canonicalJson } from '@/lib/audit/canonical-json';
import { verifyPlatformStatement } from '@/lib/audit/platform-statement';
import type { PlatformSignature } from '@/lib/audit/sign-platform-statement';

/** The statement kind in the signed bytes, so a receipt signature means nothing else. */
export const DELETION_RECEIPT_KIND = 'kms.deletion_receipt';

/** What crypto-shredding destroyed, as signed. Times are ISO-8601 UTC. */
export interface DeletionReceiptStatement {
  kind: typeof DELETION_RECEIPT_KIND;
  /** 2 adds placementKeys. */
  version: 1 | 2;
  tenantId: string;
  tenantSlug: string;
  keyId: string;
  keyArn: string;
  keyAlias: string;
  /** When the key was confirmed disabled: from then on nothing under it decrypts. */
  disabledAt: string;
  /** When KMS deletes the key material for good (until then only KMS's CancelKeyDeletion could undo it). */
  deletionDate: string;
  /** Ciphertexts under the key, per registered column, counted just before it was disabled. */
  covered: { column: string; purpose: string; ciphertexts: number }[];
  /** The tenant's placement keys (one per encrypted copy of a layer), each scheduled for deletion too. */
  placementKeys?: { keyId: string; keyArn: string; keyAlias: string; deletionDate: string }[];
  requestedBy: { userId: string; email: string };
  issuedAt: string;
}

/** The downloadable receipt: the statement, its signature and the key to check it with. */
export interface DeletionReceiptDocument extends PlatformSignature {
  algorithm: 'Ed25519';
  statement: DeletionReceiptStatement;
}

/** The exact bytes that are signed: the statement's canonical JSON (RFC 8785 subset, lib/audit). */
export function serializeDeletionReceipt(statement: DeletionReceiptStatement): Buffer {
  return Buffer.from(canonicalJson(statement), 'utf8');
}

/**
 * Checks a downloaded receipt: the signature must cover exactly this statement under the public key
 * it carries, and, when given, that key must be the platform key the verifier trusts (a receipt
 * signed by any other key proves nothing). False for any edit, including reordered or added fields.
 */
export function verifyDeletionReceipt(document: unknown, options: { trustedPublicKey?: string } = {}): boolean {
  if (!isReceiptShape(document)) return false;
  if (options.trustedPublicKey !== undefined && document.publicKey !== options.trustedPublicKey) return false;
  let bytes: Buffer;
  try {
    bytes = serializeDeletionReceipt(document.statement);
  } catch {
    return false;
  }
  return verifyPlatformStatement(DELETION_RECEIPT_KIND, bytes, document.signature, document.publicKey);
}

function isReceiptShape(value: unknown): value is DeletionReceiptDocument {
  if (typeof value !== 'object' || value === null) return false;
  const document = value as Record<string, unknown>;
  const statement = document.statement as Record<string, unknown> | null;
  return (
    document.algorithm === 'Ed25519' &&
    typeof document.signature === 'string' &&
    typeof document.publicKey === 'string' &&
    typeof statement === 'object' &&
    statement !== null &&
    statement.kind === DELETION_RECEIPT_KIND
  );
}
