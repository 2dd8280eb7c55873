import { Prisma } from '@/lib/generated/data-plane/client';
import type { DataPlaneTransaction } from '@/lib/placement/with-tenant-data';
import { TEXT_SEARCH_CONFIG } from './search-text';
import { detectVectorSupport, type VectorSupport } from './vector-support';

/** A chunk row as ranking needs it; `content` is still sealed where the tier encrypts. */
export interface Candidate {
  id: string;
  documentId: string;
  title: string;
  ordinal: number;
  headingPath: string[];
  content: string;
  isUntrusted: boolean;
  injectionReasons: string[];
  embedding: number[];
  textScore: number;
}

interface CandidateRow {
  id: string;
  document_id: string;
  title: string;
  ordinal: number;
  heading_path: string[] | null;
  content: string;
  is_untrusted: boolean;
  injection_reasons: string[] | null;
  embedding: number[] | null;
  text_score: number;
}

/**
 * The rows ranking chooses from, read inside the tenant's transaction: the best full-text matches
 * by ts_rank (the GIN index finds them, the placement scopes them before ranking), and with a
 * query vector and pgvector installed, the nearest chunks by cosine distance too. Without
 * pgvector, embeddings only re-rank the full-text candidates (rank-candidates.ts). With a query
 * vector, four times the limit are fetched so re-ranking has room to work.
 */
export async function selectCandidates(
  tx: DataPlaneTransaction,
  query: { terms: string[]; queryVector: number[] | null; documentIds?: string[]; limit: number },
): Promise<{ candidates: Candidate[]; vectorSupport: VectorSupport }> {
  const vectorSupport = query.queryVector ? await detectVectorSupport(tx) : 'absent';
  const take = query.queryVector ? query.limit * 4 : query.limit;
  const byDocument = query.documentIds?.length ? Prisma.sql`AND c.document_id = ANY(${query.documentIds}::uuid[])` : Prisma.empty;
  const rows: CandidateRow[] = [];
  if (query.terms.length > 0) {
    rows.push(
      ...(await tx.$queryRaw<CandidateRow[]>`
        WITH q AS (SELECT to_tsquery(${TEXT_SEARCH_CONFIG}::regconfig, array_to_string(${query.terms}::text[], ' | ')) AS query)
        SELECT c.id::text, c.document_id::text, d.title, c.ordinal, c.heading_path, c.content, c.is_untrusted, c.injection_reasons, c.embedding,
               ts_rank(c.search_vector, q.query)::float8 AS text_score
        FROM q, chunks c JOIN documents d ON d.tenant_id = c.tenant_id AND d.id = c.document_id
        WHERE c.search_vector @@ q.query ${byDocument}
        ORDER BY text_score DESC, c.id
        LIMIT ${take}`),
    );
  }
  if (query.queryVector && vectorSupport === 'installed') {
    const vector = `[${query.queryVector.join(',')}]`;
    const nearest = await tx.$queryRaw<CandidateRow[]>`
      SELECT c.id::text, c.document_id::text, d.title, c.ordinal, c.heading_path, c.content, c.is_untrusted, c.injection_reasons, c.embedding,
             0::float8 AS text_score
      FROM chunks c JOIN documents d ON d.tenant_id = c.tenant_id AND d.id = c.document_id
      WHERE cardinality(c.embedding) = ${query.queryVector.length} ${byDocument}
      ORDER BY c.embedding::vector <=> ${vector}::vector, c.id
      LIMIT ${take}`;
    const seen = new Set(rows.map((row) => row.id));
    rows.push(...nearest.filter((row) => !seen.has(row.id)));
  }
  return { candidates: rows.map(toCandidate), vectorSupport };
}

function toCandidate(row: CandidateRow): Candidate {
  return {
    id: row.id,
    documentId: row.document_id,
    title: row.title,
    ordinal: row.ordinal,
    headingPath: row.heading_path ?? [],
    content: row.content,
    isUntrusted: row.is_untrusted,
    injectionReasons: row.injection_reasons ?? [],
    embedding: (row.embedding ?? []).map(Number),
    textScore: Number(row.text_score),
  };
}
