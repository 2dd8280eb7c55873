import 'server-only';
import type { UpstreamChoice, UpstreamUsage } from './call-upstream';

/** Fixed per response so every chunk of a stream carries the same id and time, as OpenAI's do. */
export interface ResponseIdentity {
  id: string;
  created: number;
  model: string;
}

export function createResponseIdentity(requestId: string, model: string): ResponseIdentity {
  return { id: `chatcmpl-${requestId.replaceAll('-', '')}`, created: Math.floor(Date.now() / 1000), model };
}

function toUsageBody(usage: UpstreamUsage | null) {
  const prompt = usage?.promptTokens ?? 0;
  const completion = usage?.completionTokens ?? 0;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: usage?.cachedTokens ?? 0 },
  };
}

/** A `chat.completion` object; a choice's content is null when the model only called tools, as OpenAI's is. */
export function createCompletionBody(identity: ResponseIdentity, choices: readonly UpstreamChoice[], usage: UpstreamUsage | null) {
  return {
    ...identity,
    object: 'chat.completion',
    choices: choices.map((choice) => ({
      index: choice.index,
      message: {
        role: 'assistant',
        content: choice.text === '' && choice.toolCalls.length > 0 ? null : choice.text,
        refusal: choice.refusal,
        ...(choice.toolCalls.length > 0 ? { tool_calls: choice.toolCalls } : {}),
      },
      logprobs: choice.logprobs ?? null,
      finish_reason: choice.finishReason,
    })),
    usage: toUsageBody(usage),
  };
}

/** A streamed tool call piece: the first names the call (id, name), the rest carry argument text. */
export interface ToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function: { name?: string; arguments: string };
}

/** One `chat.completion.chunk`: a content or tool-call delta, a finish reason, or (with no choices) the usage. */
export function createChunkBody(
  identity: ResponseIdentity,
  part: { content?: string; toolCalls?: ToolCallDelta[]; finishReason?: string; usage?: UpstreamUsage | null; isFirst?: boolean },
) {
  if (part.usage !== undefined) return { ...identity, object: 'chat.completion.chunk', choices: [], usage: toUsageBody(part.usage) };
  const role = part.isFirst ? { role: 'assistant' } : {};
  const delta =
    part.content !== undefined
      ? { ...role, content: part.content }
      : part.toolCalls !== undefined
        ? { ...role, ...(part.isFirst ? { content: null } : {}), tool_calls: part.toolCalls }
        : {};
  return { ...identity, object: 'chat.completion.chunk', choices: [{ index: 0, delta, logprobs: null, finish_reason: part.finishReason ?? null }] };
}
