import 'server-only';
import { decryptForTenant, encryptForTenant } from '@/lib/kms';
import type { Placement } from './get-placement';
import { isEncryptedTier, SEALED_COLUMNS } from './layers';

/** A sealed column of one row: the ciphertext is bound to it and opens nowhere else. */
export interface SealedFieldRef {
  table: string;
  column: string;
  rowId: string;
}

/**
 * The value to store in a sealed column for this placement: a lib/kms envelope under the placement's
 * own key (the tenant key for a placement made before placement keys), bound to tenant, table,
 * column and row, where the tier encrypts; the plaintext in namespace.
 * Call before withTenantData (KMS is not called inside a transaction) and pass the placement as
 * `sealedFor`, so a tier switch in between is caught.
 */
export async function sealField(placement: Placement, ref: SealedFieldRef, plaintext: string): Promise<string> {
  if (!isEncryptedTier(placement.tier)) return plaintext;
  return encryptForTenant(getFieldScope(placement, ref), plaintext);
}

/**
 * The plaintext of a stored sealed column, opened with the key the placement names (never one the
 * ciphertext names). Another tenant's, row's or copy's ciphertext throws KmsDecryptError; one whose
 * copy was destroyed, KmsKeyPendingDeletionError (its key was shredded).
 */
export async function openField(placement: Placement, ref: SealedFieldRef, stored: string): Promise<string> {
  if (!isEncryptedTier(placement.tier)) return stored;
  return (await decryptForTenant(getFieldScope(placement, ref), stored)).toString('utf8');
}

function getFieldScope(placement: Placement, ref: SealedFieldRef) {
  const sealed = SEALED_COLUMNS[ref.table];
  if (!sealed?.columns.includes(ref.column)) throw new TypeError(`${ref.table}.${ref.column} is not a sealed column`);
  return { tenantId: placement.tenantId, purpose: sealed.purpose, recordId: `${ref.table}.${ref.column}:${ref.rowId}`, keyId: placement.keyId ?? undefined };
}
