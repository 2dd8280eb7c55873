import 'server-only';
import type { ResponsesRequest } from './responses-request';

/** A function call in a response's output. */
export interface FunctionCallOutput {
  type: 'function_call';
  id: string;
  call_id: string;
  name: string;
  arguments: string;
  status: 'in_progress' | 'completed';
}

/** An assistant message in a response's output. */
export interface MessageOutput {
  type: 'message';
  id: string;
  role: 'assistant';
  status: 'in_progress' | 'completed';
  content: { type: 'output_text'; text: string; annotations: never[]; logprobs: never[] }[];
}

export type ResponseOutputItem = MessageOutput | FunctionCallOutput;

export interface ResponseUsageBody {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/** Ids derived from the gateway's request id, so every event of one response agrees on them. */
export function createResponseIds(requestId: string) {
  const hex = requestId.replaceAll('-', '');
  return { response: `resp_${hex}`, message: `msg_${hex}`, functionCall: (index: number) => `fc_${hex}_${index}` };
}

/** Chat usage (`prompt_tokens`...) as the Responses API names it. */
export function toResponseUsage(
  usage: { prompt_tokens: number; completion_tokens: number; prompt_tokens_details?: { cached_tokens?: number } } | null | undefined,
): ResponseUsageBody {
  const input = usage?.prompt_tokens ?? 0;
  const output = usage?.completion_tokens ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage?.prompt_tokens_details?.cached_tokens ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: input + output,
  };
}

/** A `response` object: what the client asked for echoed back, and the output so far. */
export function createResponseBody(
  request: ResponsesRequest,
  state: { id: string; createdAt: number; status: 'in_progress' | 'completed' | 'incomplete'; output: ResponseOutputItem[]; usage?: ResponseUsageBody },
) {
  return {
    id: state.id,
    object: 'response',
    created_at: state.createdAt,
    status: state.status,
    error: null,
    incomplete_details: state.status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    metadata: request.metadata ?? {},
    model: request.model,
    output: state.output,
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: null,
    store: false,
    temperature: request.temperature ?? null,
    text: { format: request.text?.format ?? { type: 'text' } },
    tool_choice: request.tool_choice ?? 'auto',
    tools: request.tools ?? [],
    top_p: request.top_p ?? null,
    truncation: 'disabled',
    ...(state.usage ? { usage: state.usage } : {}),
  };
}

/** A complete chat completion (already screened by the pipeline) as a response's output items. */
export function toResponseOutput(
  choice: { message: { content: string | null; tool_calls?: { id: string; function: { name: string; arguments: string } }[] } } | undefined,
  ids: ReturnType<typeof createResponseIds>,
): ResponseOutputItem[] {
  const output: ResponseOutputItem[] = [];
  const text = choice?.message.content;
  if (text)
    output.push({
      type: 'message',
      id: ids.message,
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text, annotations: [], logprobs: [] }],
    });
  (choice?.message.tool_calls ?? []).forEach((call, index) => {
    output.push({
      type: 'function_call',
      id: ids.functionCall(index),
      call_id: call.id,
      name: call.function.name,
      arguments: call.function.arguments,
      status: 'completed',
    });
  });
  return output;
}
