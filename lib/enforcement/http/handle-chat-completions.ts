import { randomUUID } from 'node:crypto';
import { logEvent } from '@/lib/log/logger';
import { roundMs } from '../decision-trace';
import { GatewayError, toGatewayError } from '../gateway-error';
import type { GatewayPrincipal } from '../resolve-principal';
import { runPipeline } from '../run-pipeline';
import { readJsonBody } from '../validate-request';
import { createErrorReply, createJsonReply, createStreamReply } from './gateway-response';
import { toWebResponse, type GatewayReply } from './gateway-reply';

/** What a front door hands the chat handler: how to authenticate, how to read the body, and when the client left. */
export interface ChatCompletionsCall {
  resolvePrincipal: () => Promise<GatewayPrincipal>;
  /** The parsed JSON body (size-limited); throws GatewayError 400/413. */
  readBody: () => Promise<unknown>;
  /** Aborted when the client goes away. */
  signal?: AbortSignal;
  /** The playground's decision trace, in a header or SSE event; never for API clients. */
  includeTrace?: boolean;
}

/**
 * `POST …/chat/completions`, whatever server it arrives through (the gateway service, the console's
 * `/api/v1` route, the playground): authenticate, read the body, run the pipeline, and answer in
 * OpenAI's shapes. Unexpected errors are logged with the request id and answered generically.
 */
export async function answerChatCompletions(call: ChatCompletionsCall): Promise<GatewayReply> {
  const startedAt = performance.now();
  const requestId = randomUUID();
  const options = { includeTrace: call.includeTrace };
  try {
    const principal = await call.resolvePrincipal();
    const body = await call.readBody();
    const result = await runPipeline({ principal, body, requestId, startedAt, signal: call.signal });
    if (result.kind === 'stream') return createStreamReply(result.events, requestId, options);
    const reply = createJsonReply(result.completion, requestId, roundMs(performance.now() - startedAt - (result.trace.upstreamMs ?? 0)));
    if (call.includeTrace) reply.headers['x-bulkhead-trace'] = encodeURIComponent(JSON.stringify(result.trace));
    return reply;
  } catch (error) {
    if (!(error instanceof GatewayError)) logEvent('error', 'gateway request failed', { requestId, error });
    return createErrorReply(toGatewayError(error, requestId), requestId, startedAt, options);
  }
}

/** answerChatCompletions for a Next.js route handler (Web Request in, Web Response out). */
export async function handleChatCompletions(
  request: Request,
  resolvePrincipal: () => Promise<GatewayPrincipal>,
  options: { includeTrace?: boolean } = {},
): Promise<Response> {
  const reply = await answerChatCompletions({ resolvePrincipal, readBody: () => readJsonBody(request), signal: request.signal, includeTrace: options.includeTrace });
  return toWebResponse(reply);
}
