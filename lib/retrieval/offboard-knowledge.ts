import 'server-only';
import type { AuditActor } from '@/lib/audit/event';
import { recordAuditEvent } from '@/lib/audit/store/record-event';
import { withTenantData } from '@/lib/placement/with-tenant-data';

/**
 * Offboarding's retrieval step: deletes every document and chunk of the tenant from its retrieval
 * placement and records it. Rows are deleted at every tier, not only crypto-shredded: the
 * full-text vectors hold the words of the plaintext, so destroying the key alone would leave
 * them. At `schema_kms` and `dedicated` the chunk text is also under the tenant key, so copies in
 * backups become unreadable once lib/kms offboarding shreds it; dropping the schema or database
 * itself is lib/placement's `destroyLocation`.
 */
export async function offboardKnowledge(
  tenantId: string,
  context: { actor: AuditActor; requestId: string },
): Promise<{ documentsDeleted: number; chunksDeleted: number }> {
  const counts = await withTenantData(
    tenantId,
    'retrieval',
    async (tx) => {
      const chunks = await tx.chunk.deleteMany({});
      const documents = await tx.document.deleteMany({});
      return { documentsDeleted: documents.count, chunksDeleted: chunks.count };
    },
    { timeoutMs: 120_000 },
  );
  await recordAuditEvent({
    tenantId,
    actor: context.actor,
    action: 'document.delete',
    target: 'knowledge_base',
    requestId: context.requestId,
    outcome: 'success',
    payload: { scope: 'offboarding', documents: counts.documentsDeleted, chunks: counts.chunksDeleted },
  });
  return counts;
}
