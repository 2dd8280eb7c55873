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
 * The value to store in a sealed column for this placement: a lib/kms envelope under the tenant's
 * key (bound to tenant, table, column and row) where the tier encrypts, the plaintext in namespace.
 * Call before withTenantData (KMS is not called inside a transaction) and pass the placement as
 * `sealedFor`, so a tier switch in between is caught.
 */
export async function sealField(placement: Placement, ref: SealedFieldRef, plaintext: string): Promise<string> {
  if (!isEncryptedTier(placement.tier)) return plaintext;
  return encryptForTenant(getFieldScope(placement.tenantId, ref), plaintext);
}

/** The plaintext of a stored sealed column; another tenant's or another row's ciphertext throws KmsDecryptError. */
export async function openField(placement: Placement, ref: SealedFieldRef, stored: string): Promise<string> {
  if (!isEncryptedTier(placement.tier)) return stored;
  return (await decryptForTenant(getFieldScope(placement.tenantId, ref), stored)).toString('utf8');
}

function getFieldScope(tenantId: string, ref: SealedFieldRef) {
  const sealed = SEALED_COLUMNS[ref.table];
  if (!sealed?.columns.includes(ref.column)) throw new TypeError(`${ref.table}.${ref.column} is not a sealed column`);
  return { tenantId, purpose: sealed.purpose, recordId: `${ref.table}.${ref.column}:${ref.rowId}` };
}
