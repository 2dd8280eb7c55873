import { randomUUID } from 'node:crypto';
import { logEvent } from '@/lib/log/logger';
import { GatewayError, toGatewayError } from '../gateway-error';
import type { GatewayPrincipal } from '../resolve-principal';
import type { PipelineRequest } from '../run-pipeline';
import { readJsonBody } from '../validate-request';
import { createErrorResponse } from './gateway-response';

/**
 * The HTTP frame of every gateway API (web `Request` in, `Response` out, no framework): a request
 * id, authentication with `resolvePrincipal`, the JSON body read under the size limit, then `run`;
 * a refusal becomes OpenAI's error shape, anything unexpected is logged with the request id and
 * answered generically.
 */
export async function handleGatewayRequest(
  request: Request,
  resolvePrincipal: () => Promise<GatewayPrincipal>,
  run: (input: PipelineRequest) => Promise<Response>,
  options: { includeTrace?: boolean } = {},
): Promise<Response> {
  const startedAt = performance.now();
  const requestId = randomUUID();
  try {
    const principal = await resolvePrincipal();
    const body = await readJsonBody(request);
    return await run({ principal, body, requestId, startedAt, signal: request.signal });
  } catch (error) {
    if (!(error instanceof GatewayError)) logEvent('error', 'gateway request failed', { requestId, error });
    return createErrorResponse(toGatewayError(error, requestId), requestId, startedAt, options);
  }
}
