/** Size limits for one uploaded document. Every one is checked before or while the work it bounds is done. */
export interface IngestLimits {
  /** Largest upload, in bytes, checked before anything is parsed. */
  maxBytes: number;
  /** Most pages read from a PDF, checked before any page is parsed. */
  maxPdfPages: number;
  /**
   * Most characters of extracted text. PDF pages are counted as they are read, so a small file
   * whose compressed streams inflate to gigabytes of text stops early.
   */
  maxExtractedChars: number;
  /** Longest a PDF or HTML parse may run (in its worker thread, parse-in-worker.ts) before it is cut. */
  maxParseMs: number;
  /** Heap of that worker thread, in MB: a file that inflates beyond it is refused, the server is unharmed. */
  maxParseMemoryMb: number;
}

/**
 * 10 MiB, 300 pages, 1,000,000 characters (about 250k tokens, some 800 chunks of 1,200
 * characters; also the input screen's own limit, so no extracted text is too large to screen),
 * 30 s and 256 MB per parse (a 300-page text PDF reads in a few seconds within some 100 MB).
 */
export const DEFAULT_INGEST_LIMITS: Readonly<IngestLimits> = {
  maxBytes: 10 * 1024 * 1024,
  maxPdfPages: 300,
  maxExtractedChars: 1_000_000,
  maxParseMs: 30_000,
  maxParseMemoryMb: 256,
};

/** "12.4 MB", "10 MB", "512 KB", for messages about sizes. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KB'] : [bytes / (1024 * 1024), 'MB'];
  return `${Number(value.toFixed(1))} ${unit}`;
}
