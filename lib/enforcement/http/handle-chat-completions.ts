import { roundMs } from '../decision-trace';
import type { GatewayPrincipal } from '../resolve-principal';
import { runPipeline } from '../run-pipeline';
import { createJsonResponse, createStreamResponse } from './gateway-response';
import { handleGatewayRequest } from './handle-gateway-request';

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
  return handleGatewayRequest(
    request,
    resolvePrincipal,
    async (input) => {
      const result = await runPipeline(input);
      if (result.kind === 'stream') return createStreamResponse(result.events, input.requestId, options);
      const response = createJsonResponse(result.completion, input.requestId, roundMs(performance.now() - input.startedAt - (result.trace.upstreamMs ?? 0)));
      if (options.includeTrace) response.headers.set('x-bulkhead-trace', encodeURIComponent(JSON.stringify(result.trace)));
      return response;
    },
    options,
  );
}
