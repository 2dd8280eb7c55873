import 'server-only';
import { parentPort } from 'node:worker_threads';
import { extractPdfText } from './extract-pdf-text';
import { convertHtmlToMarkdown } from './html-to-markdown';
import type { ParseJob, ParseOutcome } from './parse-job';

// The worker thread of parse-in-worker.ts: one parse, then the thread is terminated. It says it is
// ready first, so that the parse's time limit does not count the thread's start.
const port = parentPort!;
port.once('message', async (job: ParseJob) => {
  port.postMessage(await parse(job));
});
port.postMessage({ kind: 'ready' } satisfies ParseOutcome);

async function parse(job: ParseJob): Promise<ParseOutcome> {
  try {
    if (job.format === 'pdf') return { kind: 'parsed', ...(await extractPdfText(Buffer.from(job.bytes), job.limits)), hiddenText: [] };
    return { kind: 'parsed', ...convertHtmlToMarkdown(job.text) };
  } catch (error) {
    const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
    return name === 'DocumentRejectedError' ? { kind: 'refused', message } : { kind: 'failed', name, message };
  }
}
