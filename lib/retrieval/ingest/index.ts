import 'server-only';
// Document ingestion for knowledge bases: extract, chunk, and flag indirect prompt injection. No I/O.
export { extractText } from './extract-text';
export { chunkDocument, DEFAULT_CHUNK_OPTIONS, type ChunkOptions, type DocumentChunk } from './chunk-document';
export {
  flagIndirectInjection,
  flagHiddenText,
  type DocumentScreeningContext,
  type InjectionAssessment,
  type InjectionFinding,
} from './flag-indirect-injection';
export { DOCUMENT_PATTERNS, type DocumentFindingKind } from './injection-patterns';
export { prepareDocument, type PreparedChunk, type PreparedDocument } from './prepare-document';
export { DEFAULT_INGEST_LIMITS, type IngestLimits } from './limits';
export { PDF_PACKAGE } from './extract-pdf-text';
export { DocumentRejectedError, PdfSupportMissingError } from './errors';
export type { DocumentFormat, ExtractedDocument, UploadedFile } from './types';
