import 'server-only';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { logEvent } from '@/lib/log/logger';
import { GatewayError } from './gateway-error';
import type { RoutedEndpoint } from './route-endpoint';
import { createUpstreamAgents, isRefusedAddress } from '@/lib/http/public-address';
import { assertUpstreamHostAllowed, refusedUpstream } from './upstream-address';

const agents = createUpstreamAgents();

const TIMEOUT = () => new GatewayError(504, 'The model endpoint did not answer in time.', 'upstream_timeout');
const ABORTED = () => new GatewayError(504, 'The request was cancelled before the model endpoint answered.', 'upstream_aborted');
const UNREACHABLE = () => new GatewayError(503, 'The model endpoint is unreachable.', 'upstream_unreachable');
export const INVALID_RESPONSE = () => new GatewayError(502, 'The model endpoint returned an invalid response.', 'upstream_invalid_response');

/** One POST to a model endpoint, bounded by its timeout and the client's signal. */
export interface UpstreamExchange {
  /** Resolves with the response once its headers arrived and its status is a success. */
  response: Promise<IncomingMessage>;
  /** The failure that ended the exchange (timeout, abort, connection), as the gateway reports it. */
  failure(): GatewayError | null;
  /** Ends the exchange: stops the timer and, if the body is still arriving, drops the connection. */
  finish(): void;
}

/**
 * `POST {baseUrl}{path}` with a JSON body on a keep-alive node:http agent: the openai SDK's protocol
 * (Bearer key, JSON in, JSON or server-sent events out) without its per-call Web Request, Response,
 * Headers and stream objects, which were the largest part of the gateway's own CPU. The whole
 * exchange (headers and body) is bounded by the endpoint's timeout; an HTTP error status becomes the
 * gateway's own error (the upstream's text is never passed on: it may echo the prompt).
 */
export function postToUpstream(endpoint: RoutedEndpoint, path: string, body: string, signal?: AbortSignal): UpstreamExchange {
  const url = new URL(`${endpoint.baseUrl.replace(/\/+$/, '')}${path}`);
  const agent = agents[endpoint.egress][url.protocol as 'http:' | 'https:'];
  if (!agent) throw new GatewayError(502, 'The model endpoint has an unsupported URL.', 'upstream_invalid_url');
  assertUpstreamHostAllowed(url, endpoint.egress, endpoint.id);
  let failure: GatewayError | null = null;
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    accept: 'application/json',
    'content-length': Buffer.byteLength(body),
  };
  if (endpoint.apiKey) headers.authorization = `Bearer ${endpoint.apiKey}`;
  const request = (url.protocol === 'https:' ? https : http).request(url, { method: 'POST', headers, agent, timeout: 0 });
  const fail = (error: GatewayError) => {
    failure ??= error;
    request.destroy(failure);
  };
  const timer = setTimeout(() => fail(TIMEOUT()), endpoint.timeoutMs);
  const onAbort = () => fail(ABORTED());
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });

  let received: IncomingMessage | null = null;
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    request.once('error', (error) => reject(failure ?? (isRefusedAddress(error) ? refusedUpstream(endpoint.id, error) : UNREACHABLE())));
    request.once('response', (incoming) => {
      received = incoming;
      const status = incoming.statusCode ?? 502;
      if (status >= 200 && status < 300) return resolve(incoming);
      incoming.resume();
      if (status === 404) reject(new GatewayError(404, 'The model does not exist or you do not have access to it.', 'model_not_found', 'model'));
      else reject(failedUpstream(endpoint.id, status));
    });
  });
  request.end(body);
  return {
    response,
    failure: () => failure,
    finish() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      // A body read to its end leaves the connection to the agent for the next request; anything else drops it.
      if (!request.destroyed && !(received as IncomingMessage | null)?.complete) request.destroy();
    },
  };
}

/** An upstream's error status, told to the tenant only as a reference: the status and its meaning stay in the server log. */
export function failedUpstream(endpointId: string, status: number | string): GatewayError {
  const reference = crypto.randomUUID();
  logEvent('warn', 'upstream failed', { reference, endpointId, status });
  return new GatewayError(502, `The model endpoint failed. Reference: ${reference}`, 'upstream_error');
}

/** The whole response body as text; a timeout or abort meanwhile rejects with its gateway error. */
export function readResponseText(incoming: IncomingMessage, exchange: UpstreamExchange): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    incoming.setEncoding('utf8');
    incoming.on('data', (piece: string) => (text += piece));
    incoming.once('end', () => resolve(text));
    incoming.once('error', () => reject(exchange.failure() ?? INVALID_RESPONSE()));
    incoming.once('aborted', () => reject(exchange.failure() ?? INVALID_RESPONSE()));
  });
}
