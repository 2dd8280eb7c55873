import 'server-only';
import type { StreamEvent } from '../run-stream';
import type { ResponsesRequest } from './responses-request';
import {
  createResponseBody,
  createResponseIds,
  toResponseUsage,
  type FunctionCallOutput,
  type MessageOutput,
  type ResponseOutputItem,
  type ResponseUsageBody,
} from './responses-shapes';

/** One Responses API server-sent event (its `type` is also the SSE event name), or the stream's end. */
export type ResponsesStreamEvent = { type: 'event'; body: { type: string; [field: string]: unknown } } | { type: 'end'; overheadMs: number | null };

interface ChatChunk {
  choices: {
    delta: { content?: string; tool_calls?: { index: number; id?: string; function: { name?: string; arguments: string } }[] };
    finish_reason: string | null;
  }[];
  usage?: { prompt_tokens: number; completion_tokens: number; prompt_tokens_details?: { cached_tokens?: number } };
}

/**
 * Turns the pipeline's chat stream (already screened chunk by chunk, its audit events committed as
 * for chat) into the Responses API's typed events: `response.created`, an output item per message
 * or function call with its deltas, the `.done` events, and `response.completed` carrying the whole
 * response. A refusal or failure mid-stream becomes an `error` event and no `response.completed`.
 */
export async function* translateToResponsesStream(
  events: AsyncGenerator<StreamEvent>,
  request: ResponsesRequest,
  requestId: string,
): AsyncGenerator<ResponsesStreamEvent> {
  const ids = createResponseIds(requestId);
  const createdAt = Math.floor(Date.now() / 1000);
  const output: ResponseOutputItem[] = [];
  const callIndexes = new Map<number, number>();
  let message: MessageOutput | null = null;
  let usage: ResponseUsageBody | undefined;
  let finishReason: string | null = null;
  let sequence = 0;
  const event = (type: string, fields: Record<string, unknown>): ResponsesStreamEvent => ({
    type: 'event',
    body: { type, ...fields, sequence_number: sequence++ },
  });
  const response = (status: 'in_progress' | 'completed' | 'incomplete') => createResponseBody(request, { id: ids.response, createdAt, status, output, usage });

  yield event('response.created', { response: response('in_progress') });
  yield event('response.in_progress', { response: response('in_progress') });
  try {
    for await (const next of events) {
      if (next.type === 'error') {
        yield event('error', { code: next.error.code, message: next.error.message, param: next.error.param });
        return;
      }
      if (next.type === 'end') {
        yield* finishItems();
        yield event(finishReason === 'length' ? 'response.incomplete' : 'response.completed', {
          response: response(finishReason === 'length' ? 'incomplete' : 'completed'),
        });
        yield { type: 'end', overheadMs: next.overheadMs };
        return;
      }
      const chunk = next.body as ChatChunk;
      if (chunk.usage) usage = toResponseUsage(chunk.usage);
      const choice = chunk.choices[0];
      if (!choice) continue;
      if (choice.finish_reason) finishReason = choice.finish_reason;
      if (choice.delta.content) {
        if (!message) {
          message = { type: 'message', id: ids.message, role: 'assistant', status: 'in_progress', content: [] };
          output.push(message);
          yield event('response.output_item.added', { output_index: output.length - 1, item: structuredClone(message) });
          message.content.push({ type: 'output_text', text: '', annotations: [], logprobs: [] });
          yield event('response.content_part.added', {
            item_id: ids.message,
            output_index: output.length - 1,
            content_index: 0,
            part: { type: 'output_text', text: '', annotations: [], logprobs: [] },
          });
        }
        message.content[0].text += choice.delta.content;
        yield event('response.output_text.delta', {
          item_id: ids.message,
          output_index: output.indexOf(message),
          content_index: 0,
          delta: choice.delta.content,
          logprobs: [],
        });
      }
      for (const piece of choice.delta.tool_calls ?? []) {
        let outputIndex = callIndexes.get(piece.index);
        if (outputIndex === undefined) {
          const call: FunctionCallOutput = {
            type: 'function_call',
            id: ids.functionCall(piece.index),
            call_id: piece.id ?? ids.functionCall(piece.index),
            name: piece.function.name ?? '',
            arguments: '',
            status: 'in_progress',
          };
          output.push(call);
          outputIndex = output.length - 1;
          callIndexes.set(piece.index, outputIndex);
          yield event('response.output_item.added', { output_index: outputIndex, item: structuredClone(call) });
        }
        const call = output[outputIndex] as FunctionCallOutput;
        if (piece.function.arguments) {
          call.arguments += piece.function.arguments;
          yield event('response.function_call_arguments.delta', { item_id: call.id, output_index: outputIndex, delta: piece.function.arguments });
        }
      }
    }
  } finally {
    await events.return(undefined);
  }

  function* finishItems(): Generator<ResponsesStreamEvent> {
    for (const [outputIndex, item] of output.entries()) {
      item.status = 'completed';
      if (item.type === 'message') {
        const part = item.content[0];
        yield event('response.output_text.done', { item_id: item.id, output_index: outputIndex, content_index: 0, text: part.text, logprobs: [] });
        yield event('response.content_part.done', { item_id: item.id, output_index: outputIndex, content_index: 0, part });
      } else {
        yield event('response.function_call_arguments.done', { item_id: item.id, output_index: outputIndex, name: item.name, arguments: item.arguments });
      }
      yield event('response.output_item.done', { output_index: outputIndex, item: structuredClone(item) });
    }
  }
}
