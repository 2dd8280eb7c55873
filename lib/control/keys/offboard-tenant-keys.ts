import 'server-only';
import type { Principal } from '@/lib/auth/principal';
import { appendAuditEvents } from '@/lib/audit/store/append-events';
import { signPlatformStatement } from '@/lib/audit/sign-platform-statement';
import { NotFoundError, UserFacingError } from '@/lib/errors';
import { assertPlatformAdmin, withPlatformAccess } from '@/lib/tenancy/platform';
import { runWithKeyAuditContext, waitForKeyEventAudit } from '@/lib/audit/audit-key-events';
import { DELETION_RECEIPT_KIND, serializeDeletionReceipt, type DeletionReceiptDocument, type DeletionReceiptStatement } from './deletion-receipt';
import { toReceiptDocument } from './deletion-receipt-store';
import { countCiphertextsByKey, findEncryptedColumns } from '@/lib/kms/encrypted-columns';
import { shredTenantKey } from '@/lib/kms/key-lifecycle';
import { normalizeTenantId } from '@/lib/kms/key-owner';
import { getTenantKey } from '@/lib/kms/key-provider';
import { shredPlacementKeys } from '@/lib/kms/placement-keys';

/** The tenant's data is under the shared platform key: destroying a key would destroy everyone's. */
export class NoTenantKeyError extends UserFacingError {
  constructor() {
    super('This tenant has no encryption key of its own (its data is under the platform key), so it cannot be crypto-shredded.', 409);
    this.name = 'NoTenantKeyError';
  }
}

export interface OffboardResult {
  receiptId: string;
  receipt: DeletionReceiptDocument;
}

/**
 * Offboards a tenant by crypto-shredding: disables its key (everything encrypted under it is
 * unreadable at once; other tenants' keys are untouched) and schedules the key's deletion, schedules
 * the deletion of every placement key it has (each encrypted copy of a layer has its own), then, in
 * one platform transaction, marks the tenant offboarded, stores the signed deletion receipt and
 * records `kms.deletion_receipt`. Safe to repeat after a partial failure: a shredded key is not
 * shredded again, and a tenant that already has its receipt gets that receipt back.
 * @throws ForbiddenError unless the principal is a platform admin; NotFoundError; NoTenantKeyError; KmsError
 */
export async function offboardTenantKeys(principal: Principal, tenantId: string, options: { requestId: string }): Promise<OffboardResult> {
  assertPlatformAdmin(principal);
  const id = normalizeTenantId(tenantId);
  const tenant = await withPlatformAccess(principal, (tx) => tx.tenant.findUnique({ where: { id }, select: { id: true, slug: true, status: true } }));
  if (!tenant) throw new NotFoundError();
  const key = await getTenantKey(id);
  if (!key) throw new NoTenantKeyError();
  const existing = await withPlatformAccess(principal, (tx) =>
    tx.kmsDeletionReceipt.findUnique({ where: { tenantId_keyId: { tenantId: id, keyId: key.keyId } } }),
  );
  if (existing) return { receiptId: existing.id, receipt: toReceiptDocument(existing) };

  // Counted before the key goes: the receipt says what became unreadable.
  const covered: DeletionReceiptStatement['covered'] = [];
  for (const column of findEncryptedColumns()) {
    covered.push({ column: column.name, purpose: column.purpose, ciphertexts: (await countCiphertextsByKey(column, id))[key.keyId] ?? 0 });
  }
  const actor = { type: 'user' as const, id: principal.userId, label: principal.email };
  const [shredded, placementKeys] = await runWithKeyAuditContext(
    { actor, requestId: options.requestId },
    async () => [await shredTenantKey(id), await shredPlacementKeys(id)] as const,
  );
  const disabledAt = new Date();

  const statement: DeletionReceiptStatement = {
    kind: DELETION_RECEIPT_KIND,
    version: 2,
    tenantId: id,
    tenantSlug: tenant.slug,
    keyId: shredded.keyId,
    keyArn: shredded.arn,
    keyAlias: shredded.alias,
    disabledAt: disabledAt.toISOString(),
    deletionDate: (shredded.deletionDate ?? disabledAt).toISOString(),
    covered,
    placementKeys: placementKeys.map((key) => ({
      keyId: key.keyId,
      keyArn: key.arn,
      keyAlias: key.alias,
      deletionDate: (key.deletionDate ?? disabledAt).toISOString(),
    })),
    requestedBy: { userId: principal.userId, email: principal.email },
    issuedAt: new Date().toISOString(),
  };
  const bytes = serializeDeletionReceipt(statement);
  const signed = await signPlatformStatement(DELETION_RECEIPT_KIND, bytes);

  const receiptId = await withPlatformAccess(principal, async (tx) => {
    await tx.tenant.update({ where: { id }, data: { status: 'offboarded', updatedAt: new Date() } });
    const row = await tx.kmsDeletionReceipt.create({
      data: {
        tenantId: id,
        keyId: statement.keyId,
        keyArn: statement.keyArn,
        disabledAt,
        deletionDate: new Date(statement.deletionDate),
        requestedBy: principal.userId,
        statement: bytes.toString('utf8'),
        ...signed,
      },
      select: { id: true },
    });
    await appendAuditEvents(tx, id, [
      {
        actor,
        action: 'kms.deletion_receipt',
        target: row.id,
        requestId: options.requestId,
        outcome: 'success',
        payload: {
          keyId: statement.keyId,
          deletionDate: statement.deletionDate,
          covered: statement.covered,
          placementKeyIds: (statement.placementKeys ?? []).map((key) => key.keyId),
          tenantStatus: 'offboarded',
        },
      },
    ]);
    return row.id;
  });
  await waitForKeyEventAudit();
  return { receiptId, receipt: { algorithm: 'Ed25519', statement, ...signed } };
}
