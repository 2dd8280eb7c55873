import 'server-only';
import { roundMs } from '../decision-trace';
import type { GatewayPrincipal } from '../resolve-principal';
import { runPipeline } from '../run-pipeline';
import { readJsonBody } from '../validate-request';
import { toWebResponse, type GatewayReply } from './gateway-reply';
import { createJsonReply, createStreamReply } from './gateway-response';
import { answerGatewayRequest, type GatewayCall } from './handle-gateway-request';

/** What a front door hands the chat handler (see GatewayCall). */
export type ChatCompletionsCall = GatewayCall;

/**
 * `POST …/chat/completions`, whatever server it arrives through (the gateway service, the console's
 * `/api/v1` route, the playground): authenticate, read the body, run the pipeline, and answer in
 * OpenAI's shapes. Unexpected errors are logged with the request id and answered generically.
 */
export function answerChatCompletions(call: ChatCompletionsCall): Promise<GatewayReply> {
  const options = { includeTrace: call.includeTrace };
  return answerGatewayRequest(call, async (input) => {
    const result = await runPipeline(input);
    if (result.kind === 'stream') return createStreamReply(result.events, input.requestId, options);
    const reply = createJsonReply(result.completion, input.requestId, roundMs(performance.now() - input.startedAt - (result.trace.upstreamMs ?? 0)));
    if (call.includeTrace) reply.headers['x-bulkhead-trace'] = encodeURIComponent(JSON.stringify(result.trace));
    return reply;
  });
}

/** answerChatCompletions for a Next.js route handler (Web Request in, Web Response out). */
export async function handleChatCompletions(
  request: Request,
  resolvePrincipal: () => Promise<GatewayPrincipal>,
  options: { includeTrace?: boolean } = {},
): Promise<Response> {
  const reply = await answerChatCompletions({
    resolvePrincipal,
    readBody: () => readJsonBody(request),
    signal: request.signal,
    includeTrace: options.includeTrace,
  });
  return toWebResponse(reply);
}
