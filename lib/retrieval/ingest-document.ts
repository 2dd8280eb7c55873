import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import type { AuditActor } from '@/lib/audit/event';
import { recordAuditEvent } from '@/lib/audit/store/record-event';
import { UserFacingError } from '@/lib/errors';
import { logEvent } from '@/lib/log/logger';
import { getPlacement } from '@/lib/placement/get-placement';
import { sealField } from '@/lib/placement/sealed-fields';
import { withTenantData } from '@/lib/placement/with-tenant-data';
import { createEmbeddings, EmbeddingsUnavailableError, getEmbeddingsConfig } from './embeddings';
import { prepareDocument, type IngestLimits, type PreparedDocument, type UploadedFile } from './ingest';
import { getDocumentScreeningContext } from './screening-context';
import { buildSearchText, TEXT_SEARCH_CONFIG } from './search-text';

export interface IngestDocumentInput {
  /** The tenant the session resolved. Nothing in the file or its metadata can change it. */
  tenant: { id: string; slug: string; name: string };
  actor: AuditActor;
  requestId: string;
  file: UploadedFile;
  limits?: Partial<IngestLimits>;
}

export interface IngestedDocument {
  id: string;
  title: string;
  format: string;
  chunkCount: number;
  isUntrusted: boolean;
  flaggedChunks: number;
  warnings: string[];
  hasEmbeddings: boolean;
}

/** The same bytes are already in this tenant's knowledge base. */
export class DuplicateDocumentError extends UserFacingError {
  constructor(title: string) {
    super(`This file is already in the knowledge base as "${title}". Delete that one first to upload it again.`, 409);
    this.name = 'DuplicateDocumentError';
  }
}

/**
 * Ingests one upload into the tenant's retrieval placement: extract, chunk on structure, flag
 * indirect injection (`prepareDocument`), embed when an endpoint is configured, seal each chunk's
 * text under the tenant key where the tier encrypts, then store the document, its chunks and their
 * full-text vectors in one transaction, and record `document.upload`. KMS and HTTP calls happen
 * before the transaction. The tenant is `input.tenant` and nothing else.
 * @throws DocumentRejectedError (422) for files that cannot be ingested; DuplicateDocumentError (409)
 */
export async function ingestDocument(input: IngestDocumentInput): Promise<IngestedDocument> {
  const { tenant, file } = input;
  const screening = await getDocumentScreeningContext(tenant);
  const prepared = await prepareDocument(file, { screening, limits: input.limits });
  const contentHash = createHash('sha256').update(file.bytes).digest('hex');
  const embeddings = await createChunkEmbeddings(prepared, tenant.id, input.requestId);
  const placement = await getPlacement(tenant.id, 'retrieval');
  const documentId = randomUUID();
  const rows = await Promise.all(
    prepared.chunks.map(async (chunk, ordinal) => {
      const id = randomUUID();
      return {
        id,
        ordinal,
        content: await sealField(placement, { table: 'chunks', column: 'content', rowId: id }, chunk.text),
        search_text: buildSearchText(chunk.headingPath, chunk.text),
        heading_path: chunk.headingPath,
        is_untrusted: chunk.isUntrusted,
        injection_reasons: chunk.injection.reasons,
        embedding: embeddings?.[ordinal] ?? [],
      };
    }),
  );

  await withTenantData(
    tenant.id,
    'retrieval',
    async (tx) => {
      const existing = await tx.document.findUnique({ where: { tenantId_contentHash: { tenantId: tenant.id, contentHash } }, select: { title: true } });
      if (existing) throw new DuplicateDocumentError(existing.title);
      await tx.document.create({
        data: {
          id: documentId,
          tenantId: tenant.id,
          title: prepared.title || file.filename,
          source: file.filename,
          contentHash,
          format: prepared.format,
          byteSize: file.bytes.length,
          chunkCount: rows.length,
          isUntrusted: prepared.isUntrusted,
          injectionReasons: prepared.hiddenContent.reasons,
          warnings: prepared.warnings,
          uploadedBy: input.actor.type === 'user' ? input.actor.id : null,
        },
      });
      // One statement for all chunks; the vector is computed from the plaintext, which is not stored.
      await tx.$executeRawUnsafe(
        `INSERT INTO chunks (id, tenant_id, document_id, ordinal, content, search_vector, heading_path, is_untrusted, injection_reasons, embedding)
         SELECT r.id, $1::uuid, $2::uuid, r.ordinal, r.content, to_tsvector($4::regconfig, r.search_text), r.heading_path, r.is_untrusted, r.injection_reasons, r.embedding
         FROM json_to_recordset($3::json) AS r(id uuid, ordinal int, content text, search_text text, heading_path text[], is_untrusted boolean, injection_reasons text[], embedding real[])`,
        tenant.id,
        documentId,
        JSON.stringify(rows),
        TEXT_SEARCH_CONFIG,
      );
    },
    { sealedFor: placement, timeoutMs: 60_000 },
  );

  const flaggedChunks = prepared.chunks.filter((chunk) => chunk.isUntrusted).length;
  await recordAuditEvent({
    tenantId: tenant.id,
    actor: input.actor,
    action: 'document.upload',
    target: `document:${documentId}`,
    requestId: input.requestId,
    outcome: prepared.isUntrusted ? 'flagged' : 'success',
    payload: { documentId, format: prepared.format, bytes: file.bytes.length, chunks: rows.length, flaggedChunks, sha256: contentHash },
  });
  return {
    id: documentId,
    title: prepared.title || file.filename,
    format: prepared.format,
    chunkCount: rows.length,
    isUntrusted: prepared.isUntrusted,
    flaggedChunks,
    warnings: prepared.warnings,
    hasEmbeddings: embeddings !== null,
  };
}

/** Embeddings are an optional extra: when the endpoint fails, the document is still searchable by full text. */
async function createChunkEmbeddings(prepared: PreparedDocument, tenantId: string, requestId: string): Promise<number[][] | null> {
  const config = getEmbeddingsConfig();
  if (!config || prepared.chunks.length === 0) return null;
  try {
    return await createEmbeddings(
      config,
      prepared.chunks.map((chunk) => chunk.text),
      { tenantId },
    );
  } catch (error) {
    if (!(error instanceof EmbeddingsUnavailableError)) throw error;
    logEvent('warn', 'embeddings unavailable at ingestion; full text only', { requestId, error });
    return null;
  }
}
