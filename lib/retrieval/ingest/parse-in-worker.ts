import 'server-only';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { DocumentRejectedError, PdfSupportMissingError } from './errors';
import { PDF_PACKAGE } from './extract-pdf-text';
import type { IngestLimits } from './limits';
import type { ParseJob, ParseOutcome } from './parse-job';

/** Where scripts/bundle-parse-worker.cjs writes the worker's entry for the console's server. */
const PARSE_WORKER_BUNDLE = 'lib/generated/workers/parse-document-worker.mjs';
/** A thread that has not said it is ready within this long is broken, not busy with the document. */
const START_TIMEOUT_MS = 30_000;

/**
 * Parses a PDF or an HTML document in a worker thread of its own, so that a hostile file cannot stall
 * the server's event loop or exhaust its memory: the thread's heap is capped (maxParseMemoryMb), the
 * parse is cut after maxParseMs, and the page and character limits apply inside it. The thread is
 * terminated after every parse.
 *
 * @throws DocumentRejectedError (422) for a file over a limit, damaged, encrypted or without text.
 * @throws PdfSupportMissingError when the PDF package is missing; Error when the thread fails otherwise.
 */
export async function parseInWorker(job: ParseJob, limits: IngestLimits): Promise<{ text: string; title: string; hiddenText: string[] }> {
  const transfer = job.format === 'pdf' ? [job.bytes.buffer as ArrayBuffer] : [];
  const worker = startParseWorker({
    resourceLimits: { maxOldGenerationSizeMb: limits.maxParseMemoryMb, maxYoungGenerationSizeMb: Math.max(4, Math.ceil(limits.maxParseMemoryMb / 8)) },
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const outcome = await new Promise<ParseOutcome>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error('the document parsing thread did not start in time')), START_TIMEOUT_MS);
      worker.on('message', (message: ParseOutcome) => {
        if (message.kind !== 'ready') return void resolve(message);
        clearTimeout(timer);
        timer = setTimeout(() => reject(createTooSlowError(limits.maxParseMs)), limits.maxParseMs);
        worker.postMessage(job, transfer);
      });
      worker.on('error', (error: Error & { code?: string }) =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? createOutOfMemoryError(limits.maxParseMemoryMb) : new Error(`document parsing failed: ${error.message}`),
        ),
      );
      worker.on('exit', (code) => reject(new Error(`the document parsing thread exited with ${code}`)));
    });
    if (outcome.kind === 'parsed') return { text: outcome.text, title: outcome.title, hiddenText: outcome.hiddenText };
    if (outcome.kind === 'refused') throw new DocumentRejectedError(outcome.message);
    if (outcome.kind === 'failed' && outcome.name === 'PdfSupportMissingError') throw new PdfSupportMissingError(PDF_PACKAGE);
    throw new Error(`document parsing failed: ${outcome.kind === 'failed' ? outcome.message : outcome.kind}`);
  } finally {
    clearTimeout(timer);
    await worker.terminate();
  }
}

function createTooSlowError(maxParseMs: number): DocumentRejectedError {
  return new DocumentRejectedError(
    `Reading this document took longer than ${formatDuration(maxParseMs)}. Split it into smaller files or save it in a simpler format, then upload it again.`,
  );
}

function createOutOfMemoryError(maxParseMemoryMb: number): DocumentRejectedError {
  return new DocumentRejectedError(
    `Reading this document needs more than ${maxParseMemoryMb} MB of memory. Split it into smaller files, then upload it again.`,
  );
}

function formatDuration(milliseconds: number): string {
  if (milliseconds < 1000) return `${milliseconds} ms`;
  const seconds = Number((milliseconds / 1000).toFixed(1));
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

function startParseWorker(options: WorkerOptions): Worker {
  if (import.meta.url.endsWith('.ts')) {
    // Running from source under tsx (tests, scripts): Node 20 does not pass `--import tsx` on to a
    // worker thread, so the thread registers tsx itself before loading the entry.
    const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'parse-document-worker.ts');
    const bootstrap = `require(require.resolve('tsx/cjs/api', { paths: [${JSON.stringify(path.dirname(entry))}] })).register(); require(${JSON.stringify(entry)});`;
    return new Worker(bootstrap, { ...options, eval: true });
  }
  // In the console's server bundle: the entry bundled into one module when the build started
  // (scripts/bundle-parse-worker.cjs), found from the project root the server runs in.
  return new Worker(path.join(process.cwd(), PARSE_WORKER_BUNDLE), options);
}
