import 'server-only';
import { roundMs } from '../decision-trace';
import { runEmbeddings } from '../embeddings/run-embeddings';
import type { GatewayPrincipal } from '../resolve-principal';
import { createJsonResponse } from './gateway-response';
import { handleGatewayRequest } from './handle-gateway-request';

/** The HTTP side of `POST …/embeddings` (OpenAI's shapes), mountable by any server with one line. */
export async function handleEmbeddings(request: Request, resolvePrincipal: () => Promise<GatewayPrincipal>): Promise<Response> {
  return handleGatewayRequest(request, resolvePrincipal, async (input) => {
    const { body, trace } = await runEmbeddings(input);
    return createJsonResponse(body, input.requestId, roundMs(performance.now() - input.startedAt - (trace.upstreamMs ?? 0)));
  });
}
