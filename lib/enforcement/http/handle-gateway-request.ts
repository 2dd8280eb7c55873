import 'server-only';
import { randomUUID } from 'node:crypto';
import { GatewayError, toGatewayError } from '../gateway-error';
import { recordBodyRefusal } from '../record-body-refusal';
import type { GatewayPrincipal } from '../resolve-principal';
import type { PipelineRequest } from '../run-pipeline';
import { readJsonBody } from '../validate-request';
import { toWebResponse, type GatewayReply } from './gateway-reply';
import { createErrorReply } from './gateway-response';

/** What a front door hands an API handler: how to authenticate, how to read the body, and when the client left. */
export interface GatewayCall {
  resolvePrincipal: () => Promise<GatewayPrincipal>;
  /** The parsed JSON body (size-limited); throws GatewayError 400/413. */
  readBody: () => Promise<unknown>;
  /** Aborted when the client goes away. */
  signal?: AbortSignal;
  /** The playground's decision trace, in a header or SSE event; never for API clients. */
  includeTrace?: boolean;
}

/**
 * The frame of every gateway API, whatever the transport: a request id, authentication, the JSON
 * body read under the size limit (a refusal there is audited in the caller's tenant, bounded), then `run`; a refusal becomes OpenAI's error shape, anything
 * unexpected is logged with the request id and answered generically.
 */
async function runGatewayFrame<Answer>(
  call: GatewayCall,
  run: (input: PipelineRequest) => Promise<Answer>,
  fromErrorReply: (reply: GatewayReply) => Answer,
): Promise<Answer> {
  const startedAt = performance.now();
  const requestId = randomUUID();
  try {
    const principal = await call.resolvePrincipal();
    let body: unknown;
    try {
      body = await call.readBody();
    } catch (error) {
      if (error instanceof GatewayError) await recordBodyRefusal(principal, error, requestId);
      throw error;
    }
    return await run({ principal, body, requestId, startedAt, signal: call.signal });
  } catch (error) {
    return fromErrorReply(createErrorReply(toGatewayError(error, requestId), requestId, startedAt, { includeTrace: call.includeTrace }));
  }
}

/** The frame answering with a transport-neutral reply (the gateway service's hot path: no Web objects). */
export function answerGatewayRequest(call: GatewayCall, run: (input: PipelineRequest) => Promise<GatewayReply>): Promise<GatewayReply> {
  return runGatewayFrame(call, run, (reply) => reply);
}

/** The frame for handlers written for Web `Request` in, `Response` out (Next.js routes, serveWebHandler). */
export function handleGatewayRequest(
  request: Request,
  resolvePrincipal: () => Promise<GatewayPrincipal>,
  run: (input: PipelineRequest) => Promise<Response>,
  options: { includeTrace?: boolean } = {},
): Promise<Response> {
  const call = { resolvePrincipal, readBody: () => readJsonBody(request), signal: request.signal, includeTrace: options.includeTrace };
  return runGatewayFrame(call, run, toWebResponse);
}
