import 'server-only';
import type { AuditActor } from '@/lib/audit/event';
import { recordAuditEvent } from '@/lib/audit/store/record-event';
import { NotFoundError } from '@/lib/errors';
import { withTenantData } from '@/lib/placement/with-tenant-data';

/**
 * Deletes one of the tenant's documents with its chunks (text, full-text vector, embedding) in one
 * transaction of its retrieval placement, then records `document.delete`. Nothing of it is cached
 * elsewhere: search reads the placement on every query. Index entries of deleted rows are
 * invisible at once and physically reclaimed by autovacuum.
 * @throws NotFoundError when the document is not the tenant's (or already gone)
 */
export async function deleteDocument(
  tenantId: string,
  documentId: string,
  context: { actor: AuditActor; requestId: string },
): Promise<{ chunksDeleted: number }> {
  const deleted = await withTenantData(tenantId, 'retrieval', async (tx) => {
    const document = await tx.document.findUnique({ where: { id: documentId }, select: { title: true, contentHash: true } });
    if (!document) return null;
    const chunks = await tx.chunk.deleteMany({ where: { documentId } });
    await tx.document.delete({ where: { id: documentId } });
    return { ...document, chunksDeleted: chunks.count };
  });
  if (!deleted) throw new NotFoundError('That document does not exist (it may have been deleted already).');
  await recordAuditEvent({
    tenantId,
    actor: context.actor,
    action: 'document.delete',
    target: `document:${documentId}`,
    requestId: context.requestId,
    outcome: 'success',
    payload: { documentId, chunks: deleted.chunksDeleted, sha256: deleted.contentHash },
  });
  return { chunksDeleted: deleted.chunksDeleted };
}
