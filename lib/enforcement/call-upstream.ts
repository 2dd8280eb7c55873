import OpenAI from 'openai';
import type { PromptConfig } from './assemble-prompt';
import { GatewayError } from './gateway-error';
import { acceptsCacheSalt, type RoutedEndpoint } from './route-endpoint';
import { completeChatUpstream, streamChatUpstream } from './upstream-chat';
import type { ChatMessage, ChatRequest } from './validate-request';

import type { UpstreamAnswer, UpstreamDelta } from './upstream-chat';

export type { UpstreamAnswer, UpstreamDelta, UpstreamUsage } from './upstream-chat';

/**
 * The body sent upstream: the assembled messages and the client's sampling options, nothing else.
 * The active prompt version's temperature applies when the client sends none, and its token limit
 * caps the client's. The client's cache_salt was dropped at validation; the tenant's salt is added
 * only for servers that accept it.
 */
export function buildUpstreamBody(request: ChatRequest, messages: ChatMessage[], endpoint: RoutedEndpoint, cacheSalt: string | null, sampling?: PromptConfig['sampling']) {
  return {
    ...request.options,
    ...(sampling ? applyVersionSampling(request.options, sampling) : {}),
    model: request.model,
    messages,
    ...(acceptsCacheSalt(endpoint) && cacheSalt ? { cache_salt: cacheSalt } : {}),
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
export function streamUpstream(endpoint: RoutedEndpoint, body: Record<string, unknown>, signal?: AbortSignal): Promise<AsyncGenerator<UpstreamDelta>> {
  return streamChatUpstream(endpoint, body, signal);
}

/** Upstream failures as gateway errors. The upstream's own message is never passed on: it may echo the prompt. */
export function mapUpstreamError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  if (error instanceof OpenAI.APIConnectionTimeoutError) return new GatewayError(504, 'The model endpoint did not answer in time.', 'upstream_timeout');
  if (error instanceof OpenAI.APIUserAbortError) return new GatewayError(504, 'The request was cancelled before the model endpoint answered.', 'upstream_aborted');
  if (error instanceof OpenAI.APIConnectionError) return new GatewayError(503, 'The model endpoint is unreachable.', 'upstream_unreachable');
  if (error instanceof OpenAI.NotFoundError) return new GatewayError(404, 'The model does not exist or you do not have access to it.', 'model_not_found', 'model');
  if (error instanceof OpenAI.APIError) return new GatewayError(502, `The model endpoint failed (HTTP ${error.status ?? 'error'}).`, 'upstream_error');
  return new GatewayError(502, 'The model endpoint returned an invalid response.', 'upstream_invalid_response');
}
