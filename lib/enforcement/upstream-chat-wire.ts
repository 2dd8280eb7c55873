import 'server-only';
import type { ChatToolCall } from './chat-request-schema';
import { INVALID_RESPONSE } from './upstream-http';

export interface UpstreamUsage {
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
}

/** One choice of a complete answer: text, the tools the model called, and log-probabilities if asked for. */
export interface UpstreamChoice {
  index: number;
  text: string;
  toolCalls: ChatToolCall[];
  refusal: string | null;
  finishReason: string;
  logprobs: unknown;
}

export interface UpstreamAnswer {
  choices: UpstreamChoice[];
  usage: UpstreamUsage | null;
}

/** One piece of a streamed answer; a tool call arrives as its id and name, then argument pieces. */
export type UpstreamDelta =
  | { type: 'text'; text: string }
  | { type: 'tool_call'; index: number; id?: string; name?: string; arguments?: string }
  | { type: 'finish'; reason: string }
  | { type: 'usage'; usage: UpstreamUsage };

interface WireUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
}
interface WireToolCall {
  index?: number;
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: string };
}
interface WireChoice {
  index?: number;
  message?: { content?: string | null; refusal?: string | null; tool_calls?: WireToolCall[] | null };
  delta?: { content?: string | null; tool_calls?: WireToolCall[] | null };
  finish_reason?: string | null;
  logprobs?: unknown;
}
export interface WireCompletion {
  choices?: WireChoice[];
  usage?: WireUsage | null;
  error?: unknown;
}

/** A response body or event as JSON; anything else is the upstream's fault, never passed on as text. */
export function parseWireJson(text: string): WireCompletion {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') return parsed as WireCompletion;
  } catch {
    // answered below
  }
  throw INVALID_RESPONSE();
}

/** Every choice of a complete answer, as the openai SDK path read them (only function tool calls). */
export function readCompletion(completion: WireCompletion): UpstreamAnswer {
  if (!Array.isArray(completion.choices) || completion.choices.length === 0) throw INVALID_RESPONSE();
  const choices = completion.choices.map((choice, index) => ({
    index: choice.index ?? index,
    text: choice.message?.content ?? '',
    toolCalls: (choice.message?.tool_calls ?? []).flatMap(toFunctionCall),
    refusal: choice.message?.refusal ?? null,
    finishReason: choice.finish_reason ?? 'stop',
    logprobs: choice.logprobs ?? null,
  }));
  return { choices, usage: readUsage(completion.usage) };
}

function toFunctionCall(call: WireToolCall): ChatToolCall[] {
  if (call.type !== 'function' || typeof call.id !== 'string' || typeof call.function?.name !== 'string') return [];
  return [{ id: call.id, type: 'function', function: { name: call.function.name, arguments: call.function.arguments ?? '' } }];
}

/** The deltas in one streamed chunk: text, tool-call pieces, the finish reason, then usage (first choice only). */
export function readChunkDeltas(chunk: WireCompletion): UpstreamDelta[] {
  if (chunk.error !== undefined) throw INVALID_RESPONSE();
  const deltas: UpstreamDelta[] = [];
  const choice = chunk.choices?.[0];
  if (choice?.delta?.content) deltas.push({ type: 'text', text: choice.delta.content });
  for (const call of choice?.delta?.tool_calls ?? []) {
    if (typeof call.index !== 'number') throw INVALID_RESPONSE();
    deltas.push({ type: 'tool_call', index: call.index, id: call.id, name: call.function?.name, arguments: call.function?.arguments });
  }
  if (choice?.finish_reason) deltas.push({ type: 'finish', reason: choice.finish_reason });
  const usage = readUsage(chunk.usage);
  if (usage) deltas.push({ type: 'usage', usage });
  return deltas;
}

function readUsage(usage: WireUsage | null | undefined): UpstreamUsage | null {
  if (!usage || typeof usage.prompt_tokens !== 'number') return null;
  return { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens ?? 0, cachedTokens: usage.prompt_tokens_details?.cached_tokens ?? 0 };
}
