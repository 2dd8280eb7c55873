import 'server-only';
import type { Principal } from '@/lib/auth/principal';
import type { KmsDeletionReceipt } from '@/lib/generated/prisma/client';
import { withPlatformAccess } from '@/lib/tenancy/platform';
import type { DeletionReceiptDocument } from './deletion-receipt';

/** A stored receipt in a list: enough to find and download it. */
export interface DeletionReceiptSummary {
  id: string;
  tenantId: string;
  keyId: string;
  disabledAt: Date;
  deletionDate: Date;
  createdAt: Date;
}

/** The downloadable document of a stored receipt (statement exactly as signed). */
export function toReceiptDocument(row: Pick<KmsDeletionReceipt, 'statement' | 'signature' | 'signingKeyId' | 'publicKey'>): DeletionReceiptDocument {
  return {
    algorithm: 'Ed25519',
    statement: JSON.parse(row.statement),
    signature: row.signature,
    signingKeyId: row.signingKeyId,
    publicKey: row.publicKey,
  };
}

/**
 * A receipt by id, for platform admins (the tenant is offboarded, so no tenant page reaches it).
 * @throws ForbiddenError unless the principal is a platform admin
 */
export async function getDeletionReceipt(principal: Principal, receiptId: string): Promise<DeletionReceiptDocument | null> {
  const row = await withPlatformAccess(principal, (tx) => tx.kmsDeletionReceipt.findUnique({ where: { id: receiptId } }));
  return row && toReceiptDocument(row);
}

/** Every receipt, newest first, for platform admins. */
export async function findDeletionReceipts(principal: Principal): Promise<DeletionReceiptSummary[]> {
  return withPlatformAccess(principal, (tx) =>
    tx.kmsDeletionReceipt.findMany({
      orderBy: { createdAt: 'desc' },
      select: { id: true, tenantId: true, keyId: true, disabledAt: true, deletionDate: true, createdAt: true },
    }),
  );
}
