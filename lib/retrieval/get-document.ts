import 'server-only';
import { NotFoundError } from '@/lib/errors';
import { openField } from '@/lib/placement/sealed-fields';
import { withTenantData } from '@/lib/placement/with-tenant-data';
import type { DocumentSummary } from './find-documents';

export interface DocumentChunkView {
  id: string;
  ordinal: number;
  headingPath: string[];
  text: string;
  isUntrusted: boolean;
  injectionReasons: string[];
  hasEmbedding: boolean;
}

export interface DocumentDetail extends DocumentSummary {
  warnings: string[];
  /** Reasons found in the content a reader would not see; they taint every chunk. */
  hiddenContentReasons: string[];
  chunks: DocumentChunkView[];
}

/**
 * One of the tenant's documents with its chunks in order, text opened. A document id of another
 * tenant is not found (its rows are not visible in this tenant's placement).
 * @throws NotFoundError
 */
export async function getDocument(tenantId: string, documentId: string): Promise<DocumentDetail> {
  const { document, placement } = await withTenantData(
    tenantId,
    'retrieval',
    async (tx, placement) => ({
      document: await tx.document.findUnique({ where: { id: documentId }, include: { chunks: { orderBy: { ordinal: 'asc' } } } }),
      placement,
    }),
    { readOnly: true },
  );
  if (!document) throw new NotFoundError('That document does not exist (it may have been deleted).');
  const chunks = await Promise.all(
    document.chunks.map(async (chunk) => ({
      id: chunk.id,
      ordinal: chunk.ordinal,
      headingPath: chunk.headingPath,
      text: await openField(placement, { table: 'chunks', column: 'content', rowId: chunk.id }, chunk.content),
      isUntrusted: chunk.isUntrusted,
      injectionReasons: chunk.injectionReasons,
      hasEmbedding: chunk.embedding.length > 0,
    })),
  );
  return {
    id: document.id,
    title: document.title,
    source: document.source,
    format: document.format,
    byteSize: document.byteSize,
    chunkCount: document.chunkCount,
    isUntrusted: document.isUntrusted,
    flaggedChunks: chunks.filter((chunk) => chunk.isUntrusted).length,
    createdAt: document.createdAt,
    warnings: document.warnings,
    hiddenContentReasons: document.injectionReasons,
    chunks,
  };
}
