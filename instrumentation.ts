/**
 * Next.js calls register() once when the server starts, before it serves anything: the place for
 * process-wide wiring that every route depends on.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Key creation, rotation, disabling, deletion and KMS failures go to the audit chains, whichever
  // code path caused them (console, gateway, jobs).
  const { registerKeyEventAuditing } = await import('@/lib/kms/audit-key-events');
  registerKeyEventAuditing();

  // Columns of tenant ciphertext that key rotation re-wraps and deletion receipts count.
  const { registerPlacementEncryptedColumns } = await import('@/lib/placement/encrypted-columns');
  registerPlacementEncryptedColumns();
}
