import 'server-only';
import { createHash } from 'node:crypto';
import type { AuditActor } from '@/lib/audit/event';
import { recordAuditEvent } from '@/lib/audit/store/record-event';
import { logEvent } from '@/lib/log/logger';
import { openField } from '@/lib/placement/sealed-fields';
import type { Placement } from '@/lib/placement/get-placement';
import { readTenantData, readTenantRows } from '@/lib/placement/read-tenant-data';
import { createEmbeddings, EmbeddingsUnavailableError, getEmbeddingsConfig } from './embeddings';
import { rankCandidates } from './rank-candidates';
import { buildTextCandidatesQuery, selectHybridCandidates, toCandidate, type Candidate, type CandidateRow } from './select-candidates';
import { findQueryTerms } from './search-text';
import type { VectorSupport } from './vector-support';

export interface SearchChunksQuery {
  text: string;
  /** Most chunks returned (1–50). */
  limit?: number;
  /** Narrow to these documents. Ids of another tenant's documents simply match nothing. */
  documentIds?: string[];
}

export interface SearchChunksContext {
  actor: AuditActor;
  requestId: string;
  /**
   * The caller records the read chunk ids in its own audit event for this request (the gateway's
   * decision event carries them in its trace), so a second append per request is skipped.
   */
  isReadRecordedByCaller?: boolean;
}

/** One retrieved chunk and why it ranked where it did. */
export interface ChunkMatch {
  chunkId: string;
  documentId: string;
  documentTitle: string;
  ordinal: number;
  headingPath: string[];
  text: string;
  /** Flagged at ingestion for instruction-like content: hand it to a model as data only. */
  isUntrusted: boolean;
  injectionReasons: string[];
  /** The final score (`textScore` alone, or the fused rank score in hybrid mode). */
  score: number;
  /** ts_rank of the chunk's own vector against the query: depends on nothing but this chunk. */
  textScore: number;
  /** Cosine similarity to the query embedding, or null without embeddings. */
  vectorScore: number | null;
}

export interface SearchChunksResult {
  matches: ChunkMatch[];
  mode: 'full_text' | 'hybrid';
  vectorSupport: VectorSupport;
}

/**
 * Retrieval over the tenant's retrieval placement: Postgres full-text search (GIN-indexed
 * tsvector, ts_rank), optionally fused with embedding similarity. The tenant scope is applied in
 * the database before ranking (row-level security at `namespace`, the tenant's own schema or
 * database at the other tiers), never by filtering results afterwards. The chunks read are
 * recorded as one `retrieval.read` audit event (ids and the request id, not the text); if that
 * record cannot be written, nothing is returned.
 */
export async function searchChunks(tenantId: string, query: SearchChunksQuery, context: SearchChunksContext): Promise<SearchChunksResult> {
  const terms = findQueryTerms(query.text);
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? 8), 1), 50);
  const queryVector = await embedQuery(tenantId, query.text, context.requestId);
  // The placement the rows were read from is the one their sealed text is opened for.
  const { candidates, vectorSupport, placement } = await readCandidates(tenantId, { terms, queryVector, documentIds: query.documentIds, limit });
  const ranked = rankCandidates(candidates, queryVector).slice(0, limit);
  const matches = await Promise.all(
    ranked.map(async (candidate) =>
      toMatch(candidate, await openField(placement!, { table: 'chunks', column: 'content', rowId: candidate.id }, candidate.content)),
    ),
  );

  if (!context.isReadRecordedByCaller)
    await recordAuditEvent({
      tenantId,
      actor: context.actor,
      action: 'retrieval.read',
      target: null,
      requestId: context.requestId,
      outcome: 'success',
      payload: {
        chunkIds: matches.map((match) => match.chunkId),
        documentIds: [...new Set(matches.map((match) => match.documentId))],
        flaggedChunkIds: matches.filter((match) => match.isUntrusted).map((match) => match.chunkId),
        querySha256: createHash('sha256').update(query.text).digest('hex'),
        mode: queryVector ? 'hybrid' : 'full_text',
      },
    });
  return { matches, mode: queryVector ? 'hybrid' : 'full_text', vectorSupport };
}

/**
 * Full text alone is one statement in one round trip (the gateway's case); with a query vector, the
 * hybrid read. `placement` is where the rows came from (null when nothing was read).
 */
async function readCandidates(
  tenantId: string,
  query: { terms: string[]; queryVector: number[] | null; documentIds?: string[]; limit: number },
): Promise<{ candidates: Candidate[]; vectorSupport: VectorSupport; placement: Placement | null }> {
  const { queryVector } = query;
  if (queryVector) {
    return readTenantData(tenantId, 'retrieval', async (client, placement) => ({
      ...(await selectHybridCandidates(client, { ...query, queryVector })),
      placement,
    }));
  }
  if (query.terms.length === 0) return { candidates: [], vectorSupport: 'absent', placement: null };
  const { rows, placement } = await readTenantRows<CandidateRow>(
    tenantId,
    'retrieval',
    buildTextCandidatesQuery({ terms: query.terms, take: query.limit, documentIds: query.documentIds }),
  );
  return { candidates: rows.map(toCandidate), vectorSupport: 'absent', placement };
}

async function embedQuery(tenantId: string, text: string, requestId: string): Promise<number[] | null> {
  const config = getEmbeddingsConfig();
  if (!config || text.trim() === '') return null;
  try {
    return (await createEmbeddings(config, [text], { tenantId }))[0];
  } catch (error) {
    if (!(error instanceof EmbeddingsUnavailableError)) throw error;
    logEvent('warn', 'embeddings unavailable at search; full text only', { requestId, error });
    return null;
  }
}

function toMatch(candidate: Candidate & { score: number; vectorScore: number | null }, text: string): ChunkMatch {
  return {
    chunkId: candidate.id,
    documentId: candidate.documentId,
    documentTitle: candidate.title,
    ordinal: candidate.ordinal,
    headingPath: candidate.headingPath,
    text,
    isUntrusted: candidate.isUntrusted,
    injectionReasons: candidate.injectionReasons,
    score: candidate.score,
    textScore: candidate.textScore,
    vectorScore: candidate.vectorScore,
  };
}
