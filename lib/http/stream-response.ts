import 'server-only';
import { logEvent } from '@/lib/log/logger';

const FLUSH_BYTES = 64 * 1024;

/**
 * A response body from text chunks, coalesced into ~64 KiB writes. A failure part-way errors the stream
 * (the download then fails visibly) rather than ending it cleanly: a cleanly cut export would read as a
 * shorter, complete one. The cause goes to the server log only.
 */
export function createTextStream(chunks: AsyncGenerator<string>, context: { route: string; requestId: string }): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        let buffered = '';
        while (buffered.length < FLUSH_BYTES) {
          const next = await chunks.next();
          if (next.done) {
            if (buffered) controller.enqueue(encoder.encode(buffered));
            controller.close();
            return;
          }
          buffered += next.value;
        }
        controller.enqueue(encoder.encode(buffered));
      } catch (error) {
        logEvent('error', 'stream failed', { ...context, error });
        controller.error(new Error(`the stream failed (reference ${context.requestId})`));
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
