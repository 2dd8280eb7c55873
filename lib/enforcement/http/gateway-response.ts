import 'server-only';
import { roundMs } from '../decision-trace';
import type { GatewayError } from '../gateway-error';
import type { StreamEvent } from '../run-stream';
import { toWebResponse, type GatewayReply } from './gateway-reply';

/** The gateway's own time per request (everything but waiting for the upstream), in ms. */
export const OVERHEAD_HEADER = 'x-bulkhead-overhead-ms';
export const REQUEST_ID_HEADER = 'x-request-id';

/** An OpenAI-style error reply with the right status (and Retry-After for 429). */
export function createErrorReply(error: GatewayError, requestId: string, startedAt: number, options: { includeTrace?: boolean } = {}): GatewayReply {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    [REQUEST_ID_HEADER]: requestId,
    [OVERHEAD_HEADER]: String(roundMs(performance.now() - startedAt)),
  };
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds);
  const body = options.includeTrace && error.trace ? { ...error.toBody(), bulkhead_trace: error.trace } : error.toBody();
  return { status: error.status, headers, body: JSON.stringify(body) };
}

export function createJsonReply(body: unknown, requestId: string, overheadMs: number): GatewayReply {
  return {
    status: 200,
    headers: { 'content-type': 'application/json', [REQUEST_ID_HEADER]: requestId, [OVERHEAD_HEADER]: String(overheadMs) },
    body: JSON.stringify(body),
  };
}

/**
 * Server-sent events in OpenAI's format (`data: {chunk}`, then `data: [DONE]`). Headers leave before
 * the overhead is known, so it travels as a final SSE comment (`: x-bulkhead-overhead-ms=…`), which
 * OpenAI clients ignore. A failure becomes `data: {"error": …}` (the official SDK raises it) and no
 * `[DONE]`. With `includeTrace`, the playground also gets an `event: bulkhead.trace` before the end.
 */
export function createStreamReply(events: AsyncGenerator<StreamEvent>, requestId: string, options: { includeTrace?: boolean } = {}): GatewayReply {
  return {
    status: 200,
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', [REQUEST_ID_HEADER]: requestId },
    body: formatServerSentEvents(events, options),
  };
}

async function* formatServerSentEvents(events: AsyncGenerator<StreamEvent>, options: { includeTrace?: boolean }): AsyncGenerator<string> {
  try {
    for await (const event of events) {
      if (event.type === 'chunk') {
        yield `data: ${JSON.stringify(event.body)}\n\n`;
        continue;
      }
      let text = event.type === 'error' ? `data: ${JSON.stringify(event.error.toBody())}\n\n` : '';
      if (options.includeTrace) text += `event: bulkhead.trace\ndata: ${JSON.stringify(event.trace)}\n\n`;
      if (event.type === 'end') text += `: ${OVERHEAD_HEADER}=${event.overheadMs}\n\ndata: [DONE]\n\n`;
      yield text;
      return;
    }
  } finally {
    // The client went away mid-stream: stop the pipeline's generator too (it closes the upstream).
    await events.return(undefined);
  }
}

export function createErrorResponse(error: GatewayError, requestId: string, startedAt: number, options: { includeTrace?: boolean } = {}): Response {
  return toWebResponse(createErrorReply(error, requestId, startedAt, options));
}

export function createStreamResponse(events: AsyncGenerator<StreamEvent>, requestId: string, options: { includeTrace?: boolean } = {}): Response {
  return toWebResponse(createStreamReply(events, requestId, options));
}

export function createJsonResponse(body: unknown, requestId: string, overheadMs: number): Response {
  return toWebResponse(createJsonReply(body, requestId, overheadMs));
}
