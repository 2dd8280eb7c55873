import { roundMs } from '../decision-trace';
import type { GatewayError } from '../gateway-error';
import type { StreamEvent } from '../run-stream';

/** The gateway's own time per request (everything but waiting for the upstream), in ms. */
export const OVERHEAD_HEADER = 'x-bulkhead-overhead-ms';
export const REQUEST_ID_HEADER = 'x-request-id';

/** An OpenAI-style error response with the right status (and Retry-After for 429). */
export function createErrorResponse(error: GatewayError, requestId: string, startedAt: number, options: { includeTrace?: boolean } = {}): Response {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    [REQUEST_ID_HEADER]: requestId,
    [OVERHEAD_HEADER]: String(roundMs(performance.now() - startedAt)),
  };
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds);
  const body = options.includeTrace && error.trace ? { ...error.toBody(), bulkhead_trace: error.trace } : error.toBody();
  return new Response(JSON.stringify(body), { status: error.status, headers });
}

export function createJsonResponse(body: unknown, requestId: string, overheadMs: number): Response {
  return new Response(JSON.stringify(body), {
    status: 200,
    headers: { 'content-type': 'application/json', [REQUEST_ID_HEADER]: requestId, [OVERHEAD_HEADER]: String(overheadMs) },
  });
}

/**
 * Server-sent events in OpenAI's format (`data: {chunk}`, then `data: [DONE]`). Headers leave before
 * the overhead is known, so it travels as a final SSE comment (`: x-bulkhead-overhead-ms=…`), which
 * OpenAI clients ignore. A failure becomes `data: {"error": …}` (the official SDK raises it) and no
 * `[DONE]`. With `includeTrace`, the playground also gets an `event: bulkhead.trace` before the end.
 */
export function createStreamResponse(events: AsyncGenerator<StreamEvent>, requestId: string, options: { includeTrace?: boolean } = {}): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await events.next();
      if (next.done) {
        controller.close();
        return;
      }
      const event = next.value;
      if (event.type === 'chunk') {
        controller.enqueue(encoder.encode(`data: ${JSON.stringify(event.body)}\n\n`));
        return;
      }
      let text = event.type === 'error' ? `data: ${JSON.stringify(event.error.toBody())}\n\n` : '';
      if (options.includeTrace) text += `event: bulkhead.trace\ndata: ${JSON.stringify(event.trace)}\n\n`;
      if (event.type === 'end') text += `: ${OVERHEAD_HEADER}=${event.overheadMs}\n\ndata: [DONE]\n\n`;
      controller.enqueue(encoder.encode(text));
      controller.close();
    },
    async cancel() {
      await events.return(undefined);
    },
  });
  return new Response(body, {
    status: 200,
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', [REQUEST_ID_HEADER]: requestId },
  });
}
