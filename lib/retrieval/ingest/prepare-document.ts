import 'server-only';
import { chunkDocument, type ChunkOptions, type DocumentChunk } from './chunk-document';
import { extractText } from './extract-text';
import { flagHiddenText, flagIndirectInjection, type DocumentScreeningContext, type InjectionAssessment } from './flag-indirect-injection';
import type { IngestLimits } from './limits';
import type { DocumentFormat, UploadedFile } from './types';

/** A chunk with its verdict, ready to embed and store. */
export interface PreparedChunk extends DocumentChunk {
  injection: InjectionAssessment;
  /** The chunk's own verdict, or the document's when its hidden content carried instructions. */
  isUntrusted: boolean;
}

/** Everything ingestion learns about an upload before anything is stored. */
export interface PreparedDocument {
  title: string;
  format: DocumentFormat;
  warnings: string[];
  /** The verdict on the content a reader would not see; when untrusted, so is every chunk. */
  hiddenContent: InjectionAssessment;
  /** True when any chunk or the hidden content was flagged. */
  isUntrusted: boolean;
  chunks: PreparedChunk[];
}

/**
 * The ingestion steps in order, with no I/O: extract the text (`extractText`), screen the hidden
 * content (`flagHiddenText`), chunk (`chunkDocument`), and screen every chunk
 * (`flagIndirectInjection`). A document whose hidden content carries instructions taints all its
 * chunks: the visible text may be written to look harmless on its own.
 *
 * @throws DocumentRejectedError (user-facing) when the file cannot be ingested.
 */
export async function prepareDocument(
  file: UploadedFile,
  options: { screening: DocumentScreeningContext; chunking?: Partial<ChunkOptions>; limits?: Partial<IngestLimits> },
): Promise<PreparedDocument> {
  const extracted = await extractText(file, options.limits);
  const hiddenContent = flagHiddenText(extracted.hiddenText, options.screening);
  const chunks = chunkDocument(extracted.text, options.chunking).map((chunk) => {
    const injection = flagIndirectInjection(chunk.text, options.screening);
    return { ...chunk, injection, isUntrusted: injection.isUntrusted || hiddenContent.isUntrusted };
  });
  return {
    title: extracted.title,
    format: extracted.format,
    warnings: extracted.warnings,
    hiddenContent,
    isUntrusted: hiddenContent.isUntrusted || chunks.some((chunk) => chunk.isUntrusted),
    chunks,
  };
}
