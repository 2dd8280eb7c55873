import type { UpstreamUsage } from './call-upstream';

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
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, prompt_tokens_details: { cached_tokens: usage?.cachedTokens ?? 0 } };
}

/** A `chat.completion` object. */
export function createCompletionBody(identity: ResponseIdentity, content: string, finishReason: string, usage: UpstreamUsage | null) {
  return {
    ...identity,
    object: 'chat.completion',
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: finishReason }],
    usage: toUsageBody(usage),
  };
}

/** One `chat.completion.chunk`: a content delta, a finish reason, or (with no choices) the usage. */
export function createChunkBody(identity: ResponseIdentity, part: { content?: string; finishReason?: string; usage?: UpstreamUsage | null; isFirst?: boolean }) {
  if (part.usage !== undefined) return { ...identity, object: 'chat.completion.chunk', choices: [], usage: toUsageBody(part.usage) };
  const delta = part.content !== undefined ? { ...(part.isFirst ? { role: 'assistant' } : {}), content: part.content } : {};
  return { ...identity, object: 'chat.completion.chunk', choices: [{ index: 0, delta, logprobs: null, finish_reason: part.finishReason ?? null }] };
}
