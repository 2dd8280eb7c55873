import 'server-only';
import { emptySql, inlineSql, type InlineSql } from '@/lib/db/inline-sql';
import { definePreparedSql, executeSql } from '@/lib/db/prepared-sql';
import type { TenantSqlClient } from '@/lib/tenancy/with-tenant-sql';
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

const CANDIDATE_COLUMNS = inlineSql`c.id::text, c.document_id::text, d.title, c.ordinal, c.heading_path, c.content, c.is_untrusted, c.injection_reasons, c.embedding`;

export interface CandidateRow {
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

/** The full-text matches for the tsquery text `terms` (SQL: a literal or a parameter), best first. */
function textMatches(terms: string, documentFilter: InlineSql): string {
  return `
    WITH q AS (SELECT to_tsquery('${TEXT_SEARCH_CONFIG}'::regconfig, ${terms}) AS query)
    SELECT ${CANDIDATE_COLUMNS.text}, ts_rank(c.search_vector, q.query)::float8 AS text_score
    FROM q, chunks c JOIN documents d ON d.tenant_id = c.tenant_id AND d.id = c.document_id
    WHERE c.search_vector @@ q.query ${documentFilter.text}
    ORDER BY text_score DESC, c.id`;
}

// The gateway's retrieval, run on every request: planned once per connection (prepared-sql.ts).
const TEXT_CANDIDATES = definePreparedSql('text_candidates', ['text', 'integer'], `${textMatches('$1', emptySql)} LIMIT $2`);

/**
 * The best full-text matches by ts_rank: the GIN index finds them, and the tenant's read
 * transaction (row-level security at `namespace`, the tenant's own schema or database otherwise)
 * scopes them before ranking, never after. For readTenantRows (one round trip): without a document
 * filter, the gateway's case, it executes a prepared statement; with one, it is inline literals.
 * The terms are letters and digits only (findQueryTerms) anyway.
 */
export function buildTextCandidatesQuery(query: { terms: readonly string[]; take: number; documentIds?: readonly string[] }): InlineSql {
  if (!query.documentIds?.length) return executeSql(TEXT_CANDIDATES, [query.terms.join(' | '), query.take]);
  return buildInlineTextCandidatesQuery(query);
}

/** buildTextCandidatesQuery with every value inline, for a statement run inside a longer transaction. */
function buildInlineTextCandidatesQuery(query: { terms: readonly string[]; take: number; documentIds?: readonly string[] }): InlineSql {
  const byDocument = query.documentIds?.length ? inlineSql`AND c.document_id = ANY(${query.documentIds}::uuid[])` : emptySql;
  return inlineSql`${{ text: textMatches(inlineSql`${query.terms.join(' | ')}`.text, byDocument) }} LIMIT ${query.take}`;
}

/**
 * The rows ranking chooses from when a query vector is given, read inside the tenant's read
 * transaction (readTenantData): the full-text matches, and with pgvector installed the nearest
 * chunks by cosine distance too. Without pgvector, embeddings only re-rank the full-text
 * candidates (rank-candidates.ts). Four times the limit are fetched so re-ranking has room to work.
 */
export async function selectHybridCandidates(
  client: TenantSqlClient,
  query: { terms: string[]; queryVector: number[]; documentIds?: string[]; limit: number },
): Promise<{ candidates: Candidate[]; vectorSupport: VectorSupport }> {
  const vectorSupport = await detectVectorSupport(client);
  const take = query.limit * 4;
  const rows: CandidateRow[] = [];
  if (query.terms.length > 0) rows.push(...(await client.query<CandidateRow>(buildInlineTextCandidatesQuery({ ...query, take }).text)).rows);
  if (vectorSupport === 'installed') {
    const byDocument = query.documentIds?.length ? inlineSql`AND c.document_id = ANY(${query.documentIds}::uuid[])` : emptySql;
    const nearest = await client.query<CandidateRow>(
      inlineSql`
        SELECT ${CANDIDATE_COLUMNS}, 0::float8 AS text_score
        FROM chunks c JOIN documents d ON d.tenant_id = c.tenant_id AND d.id = c.document_id
        WHERE cardinality(c.embedding) = ${query.queryVector.length} ${byDocument}
        ORDER BY c.embedding::vector <=> ${`[${query.queryVector.join(',')}]`}::vector, c.id
        LIMIT ${take}`.text,
    );
    const seen = new Set(rows.map((row) => row.id));
    rows.push(...nearest.rows.filter((row) => !seen.has(row.id)));
  }
  return { candidates: rows.map(toCandidate), vectorSupport };
}

export function toCandidate(row: CandidateRow): Candidate {
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
