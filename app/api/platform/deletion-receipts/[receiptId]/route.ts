import { z } from 'zod';
import { respondWithJson } from '@/lib/http/json-response';
import { getCurrentPrincipal } from '@/lib/auth/current-principal';
import { NotFoundError, UnauthenticatedError } from '@/lib/errors';
import { getDeletionReceipt } from '@/lib/control/keys/deletion-receipt-store';

export const dynamic = 'force-dynamic';

/**
 * A signed crypto-shredding receipt as a JSON download, for platform admins (the offboarded tenant
 * has no pages any more). Check it with verifyDeletionReceipt (lib/kms) against the platform key.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ receiptId: string }> }) {
  return respondWithJson('kms.deletion_receipt', async () => {
    const principal = await getCurrentPrincipal();
    if (!principal) throw new UnauthenticatedError();
    const { receiptId } = await params;
    const receipt = z.uuid().safeParse(receiptId).success ? await getDeletionReceipt(principal, receiptId) : null;
    if (!receipt) throw new NotFoundError();
    const filename = `deletion-receipt-${receipt.statement.tenantSlug.replace(/[^a-z0-9-]/g, '')}-${receipt.statement.keyId}.json`;
    return new Response(`${JSON.stringify(receipt, null, 2)}\n`, {
      headers: { 'content-type': 'application/json', 'content-disposition': `attachment; filename="${filename}"`, 'cache-control': 'no-store' },
    });
  });
}
