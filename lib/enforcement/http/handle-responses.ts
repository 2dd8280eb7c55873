import 'server-only';
import { roundMs } from '../decision-trace';
import type { GatewayPrincipal } from '../resolve-principal';
import { validateResponsesRequest, toChatCompletionsBody, type ResponsesRequest } from '../responses/responses-request';
import { createResponseBody, createResponseIds, toResponseOutput, toResponseUsage } from '../responses/responses-shapes';
import { translateToResponsesStream, type ResponsesStreamEvent } from '../responses/responses-stream';
import { runPipeline } from '../run-pipeline';
import { createJsonResponse, OVERHEAD_HEADER, REQUEST_ID_HEADER } from './gateway-response';
import { handleGatewayRequest } from './handle-gateway-request';

/**
 * The HTTP side of `POST …/responses` (streaming and not, `store: false`): the body is validated
 * and translated to chat completions as the pipeline's first step, runs through the same pipeline
 * (screening, retrieval, routing, audit), and the answer is translated back to a `response`.
 */
export async function handleResponses(request: Request, resolvePrincipal: () => Promise<GatewayPrincipal>): Promise<Response> {
  return handleGatewayRequest(request, resolvePrincipal, async (input) => {
    // Set by the pipeline's first step; the pipeline throws before answering if it was not.
    const translated: { request?: ResponsesRequest } = {};
    const result = await runPipeline({
      ...input,
      api: 'responses',
      translateBody: (body) => {
        translated.request = validateResponsesRequest(body);
        return toChatCompletionsBody(translated.request);
      },
    });
    const responsesRequest = translated.request!;
    if (result.kind === 'stream') return createResponsesStream(translateToResponsesStream(result.events, responsesRequest, input.requestId), input.requestId);
    const { completion, trace } = result;
    const choice = completion.choices[0];
    const body = createResponseBody(responsesRequest, {
      id: createResponseIds(input.requestId).response,
      createdAt: completion.created,
      status: choice?.finish_reason === 'length' ? 'incomplete' : 'completed',
      output: toResponseOutput(choice, createResponseIds(input.requestId)),
      usage: toResponseUsage(completion.usage),
    });
    return createJsonResponse(body, input.requestId, roundMs(performance.now() - input.startedAt - (trace.upstreamMs ?? 0)));
  });
}

/** Server-sent events as the Responses API sends them: `event: <type>` and `data: <json>`, no `[DONE]`. */
function createResponsesStream(events: AsyncGenerator<ResponsesStreamEvent>, requestId: string): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await events.next();
      if (next.done) return controller.close();
      if (next.value.type === 'end') {
        controller.enqueue(encoder.encode(`: ${OVERHEAD_HEADER}=${next.value.overheadMs}\n\n`));
        return;
      }
      controller.enqueue(encoder.encode(`event: ${next.value.body.type}\ndata: ${JSON.stringify(next.value.body)}\n\n`));
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
