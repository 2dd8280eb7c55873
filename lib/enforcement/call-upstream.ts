import 'server-only';
import OpenAI from 'openai';
import type { PromptConfig } from './assemble-prompt';
import { GatewayError } from './gateway-error';
import { acceptsCacheSalt, type RoutedEndpoint } from './route-endpoint';
import { completeChatUpstream, streamChatUpstream, type UpstreamStream } from './upstream-chat';
import { createUpstreamFetch } from './upstream-fetch';
import { failedUpstream } from './upstream-http';
import { isRefusedAddress } from '@/lib/http/public-address';
import { refusedUpstream } from './upstream-address';
import type { UpstreamAnswer } from './upstream-chat';
import type { ChatMessage, ChatRequest } from './validate-request';

export type { UpstreamAnswer, UpstreamChoice, UpstreamDelta, UpstreamUsage } from './upstream-chat';

const clients = new Map<string, OpenAI>();

/** The official SDK client for an endpoint, one per base URL and key: for the APIs off the chat hot path (embeddings). */
export function getUpstreamClient(endpoint: RoutedEndpoint): OpenAI {
  const key = `${endpoint.egress}\u0000${endpoint.baseUrl}\u0000${endpoint.apiKey}`;
  let client = clients.get(key);
  if (!client) {
    // No retries: a retry would send the tenant's prompt twice and hide the failure from the audit trail.
    client = new OpenAI({ baseURL: endpoint.baseUrl, apiKey: endpoint.apiKey, maxRetries: 0, fetch: createUpstreamFetch(endpoint.egress) });
    if (clients.size > 100) clients.clear();
    clients.set(key, client);
  }
  return client;
}

/**
 * The body sent upstream: the assembled messages and the client's sampling options, nothing else.
 * The active prompt version's temperature applies when the client sends none, and its token limit
 * caps the client's. A client cache_salt was refused at validation; the tenant's salt is added only
 * for servers that accept it, and end-user ids arrive already hashed for the tenant.
 */
export function buildUpstreamBody(
  request: ChatRequest,
  messages: ChatMessage[],
  endpoint: RoutedEndpoint,
  cacheSalt: string | null,
  sampling?: PromptConfig['sampling'],
  hashedEndUser: Record<string, string> = {},
) {
  return {
    ...request.options,
    ...(sampling ? applyVersionSampling(request.options, sampling) : {}),
    ...hashedEndUser,
    model: request.model,
    messages: messages.map(toWireMessage),
    ...(acceptsCacheSalt(endpoint) && cacheSalt ? { cache_salt: cacheSalt } : {}),
  };
}

/** A message as OpenAI's wire names it; image parts are sent as given, everything else as text. */
function toWireMessage(message: ChatMessage) {
  const hasCalls = message.toolCalls !== undefined && message.toolCalls.length > 0;
  return {
    role: message.role,
    content: message.parts ?? (hasCalls && message.content === '' ? null : message.content),
    ...(message.name ? { name: message.name } : {}),
    ...(message.toolCallId ? { tool_call_id: message.toolCallId } : {}),
    ...(hasCalls ? { tool_calls: message.toolCalls } : {}),
  };
}

function applyVersionSampling(options: Record<string, unknown>, sampling: NonNullable<PromptConfig['sampling']>) {
  const cap = (asked: unknown) => (typeof asked === 'number' ? Math.min(asked, sampling.maxTokens) : sampling.maxTokens);
  const limits: Record<string, number> = {};
  if (options.max_completion_tokens !== undefined) limits.max_completion_tokens = cap(options.max_completion_tokens);
  if (options.max_tokens !== undefined || options.max_completion_tokens === undefined) limits.max_tokens = cap(options.max_tokens);
  return { temperature: options.temperature ?? sampling.temperature, ...limits };
}

/**
 * Step 6b, non-streaming: one Chat Completions call, bounded by the endpoint's timeout. Over a lean
 * node:http client speaking the same protocol as the openai SDK (upstream-chat.ts): measured with
 * `npm run bench:upstream-client`, the SDK cost several times its CPU per call on the hot path.
 * @throws GatewayError 504 timeout, 503 unreachable, 404 unknown model, 502 any other upstream failure
 */
export function callUpstream(endpoint: RoutedEndpoint, body: Record<string, unknown>, signal?: AbortSignal): Promise<UpstreamAnswer> {
  return completeChatUpstream(endpoint, body, signal);
}

/**
 * Step 6b, streaming: resolves once the upstream has answered with headers (so a dead upstream is
 * still an HTTP error status), then yields deltas. The whole stream is bounded by the timeout.
 */
export function streamUpstream(endpoint: RoutedEndpoint, body: Record<string, unknown>, signal?: AbortSignal): Promise<UpstreamStream> {
  return streamChatUpstream(endpoint, body, signal);
}

/** Upstream failures as gateway errors. The upstream's own message is never passed on: it may echo the prompt. */
export function mapUpstreamError(error: unknown, endpointId = 'unknown'): GatewayError {
  if (error instanceof GatewayError) return error;
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (isRefusedAddress(error) || isRefusedAddress(cause)) return refusedUpstream(endpointId, (isRefusedAddress(error) ? error : cause) as Error);
  if (error instanceof OpenAI.APIConnectionTimeoutError) return new GatewayError(504, 'The model endpoint did not answer in time.', 'upstream_timeout');
  if (error instanceof OpenAI.APIUserAbortError)
    return new GatewayError(504, 'The request was cancelled before the model endpoint answered.', 'upstream_aborted');
  if (error instanceof OpenAI.APIConnectionError) return new GatewayError(503, 'The model endpoint is unreachable.', 'upstream_unreachable');
  if (error instanceof OpenAI.NotFoundError)
    return new GatewayError(404, 'The model does not exist or you do not have access to it.', 'model_not_found', 'model');
  if (error instanceof OpenAI.APIError) return failedUpstream(endpointId, error.status ?? 'error');
  return new GatewayError(502, 'The model endpoint returned an invalid response.', 'upstream_invalid_response');
}
