import { randomUUID } from 'node:crypto';
import { logEvent } from '@/lib/log/logger';
import { roundMs } from '../decision-trace';
import { GatewayError, toGatewayError } from '../gateway-error';
import type { GatewayPrincipal } from '../resolve-principal';
import { runPipeline } from '../run-pipeline';
import { readJsonBody } from '../validate-request';
import { createErrorResponse, createJsonResponse, createStreamResponse } from './gateway-response';

/**
 * The HTTP side of `POST …/chat/completions`, shared by the API (API keys) and the playground
 * (session): authenticate with `resolvePrincipal`, read the body, run the pipeline, and answer in
 * OpenAI's shapes. Unexpected errors are logged with the request id and answered generically.
 */
export async function handleChatCompletions(
  request: Request,
  resolvePrincipal: () => Promise<GatewayPrincipal>,
  options: { includeTrace?: boolean } = {},
): Promise<Response> {
  const startedAt = performance.now();
  const requestId = randomUUID();
  try {
    const principal = await resolvePrincipal();
    const body = await readJsonBody(request);
    const result = await runPipeline({ principal, body, requestId, startedAt, signal: request.signal });
    if (result.kind === 'stream') return createStreamResponse(result.events, requestId, options);
    const response = createJsonResponse(result.completion, requestId, roundMs(performance.now() - startedAt - (result.trace.upstreamMs ?? 0)));
    if (options.includeTrace) response.headers.set('x-bulkhead-trace', encodeURIComponent(JSON.stringify(result.trace)));
    return response;
  } catch (error) {
    if (!(error instanceof GatewayError)) logEvent('error', 'gateway request failed', { requestId, error });
    return createErrorResponse(toGatewayError(error, requestId), requestId, startedAt, options);
  }
}
