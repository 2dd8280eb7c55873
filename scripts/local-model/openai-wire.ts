import { randomUUID } from 'node:crypto';

/** A chat message after validation: text only, `developer` kept as its own role. */
export interface ChatMessage {
  role: 'system' | 'developer' | 'user' | 'assistant' | 'tool';
  content: string;
}

export interface CompletionUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
}

/**
 * An error the simulator reports in OpenAI's shape:
 * `{"error": {"message", "type", "param", "code"}}` with a matching HTTP status.
 */
export class OpenAIHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: 'invalid_request_error' | 'authentication_error' | 'not_found_error' | 'server_error' = 'invalid_request_error',
    readonly param: string | null = null,
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = 'OpenAIHttpError';
  }

  toBody() {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export type FinishReason = 'stop' | 'length' | 'tool_calls';

/** A tool call in a complete message. */
export interface WireToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** A tool call piece in a stream: the first names it, later ones carry argument text. */
export interface WireToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function: { name?: string; arguments: string };
}

export function createCompletionId(): string {
  return `chatcmpl-sim${randomUUID().replaceAll('-', '')}`;
}

export function createUsage(promptTokens: number, completionTokens: number, cachedTokens: number): CompletionUsage {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: cachedTokens },
  };
}

/** The non-streaming `chat.completion` object. */
export function createCompletionBody(input: {
  id: string;
  model: string;
  content: string | null;
  toolCalls?: WireToolCall[];
  finishReason: FinishReason;
  usage: CompletionUsage;
}) {
  return {
    id: input.id,
    object: 'chat.completion',
    created: nowInSeconds(),
    model: input.model,
    system_fingerprint: 'fp_bulkhead_sim',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: input.content, refusal: null, ...(input.toolCalls?.length ? { tool_calls: input.toolCalls } : {}) },
        logprobs: null,
        finish_reason: input.finishReason,
      },
    ],
    usage: input.usage,
  };
}

/**
 * One `chat.completion.chunk`. With `stream_options.include_usage`, OpenAI sends `usage: null`
 * on every chunk and the totals on a last chunk whose `choices` is empty.
 */
export function createChunkBody(input: {
  id: string;
  model: string;
  delta?: { role?: 'assistant'; content?: string | null; tool_calls?: WireToolCallDelta[] };
  finishReason?: FinishReason | null;
  usage?: CompletionUsage | null;
}) {
  const choices = input.delta === undefined ? [] : [{ index: 0, delta: input.delta, logprobs: null, finish_reason: input.finishReason ?? null }];
  return {
    id: input.id,
    object: 'chat.completion.chunk',
    created: nowInSeconds(),
    model: input.model,
    system_fingerprint: 'fp_bulkhead_sim',
    choices,
    ...(input.usage === undefined ? {} : { usage: input.usage }),
  };
}

function nowInSeconds() {
  return Math.floor(Date.now() / 1000);
}
