import 'server-only';
import { withTenantData } from '@/lib/placement/with-tenant-data';

export interface DocumentSummary {
  id: string;
  title: string;
  source: string;
  format: string;
  byteSize: number;
  chunkCount: number;
  isUntrusted: boolean;
  flaggedChunks: number;
  createdAt: Date;
}

/** The tenant's documents, newest first, optionally those whose title or file name contains `search`. */
export async function findDocuments(tenantId: string, options: { search?: string; limit?: number } = {}): Promise<DocumentSummary[]> {
  const search = options.search?.trim();
  const where = search
    ? { OR: [{ title: { contains: search, mode: 'insensitive' as const } }, { source: { contains: search, mode: 'insensitive' as const } }] }
    : {};
  return withTenantData(
    tenantId,
    'retrieval',
    async (tx) => {
      const documents = await tx.document.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        take: Math.min(options.limit ?? 100, 500),
        select: { id: true, title: true, source: true, format: true, byteSize: true, chunkCount: true, isUntrusted: true, createdAt: true },
      });
      const flagged = await tx.chunk.groupBy({
        by: ['documentId'],
        where: { documentId: { in: documents.map((document) => document.id) }, isUntrusted: true },
        _count: { _all: true },
      });
      const flaggedBy = new Map(flagged.map((row) => [row.documentId, row._count._all]));
      return documents.map((document) => ({ ...document, flaggedChunks: flaggedBy.get(document.id) ?? 0 }));
    },
    { readOnly: true },
  );
}
