import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { composeAnswer } from './answer-rules';
import { sendJson } from './http-io';
import { createValueFromSchema } from './json-from-schema';
import { OpenAIHttpError, createChunkBody, createCompletionBody, createCompletionId, createUsage, type CompletionUsage } from './openai-wire';
import { decideToolCalls, type SimulatedToolCall } from './tool-rules';
import type { ChatRequest } from './parse-chat-request';
import type { PrefixCache } from './prefix-cache';
import { tokenizePrompt, tokenizeText, truncateToTokens } from './tokenizer';

/** Returns text the "model" must answer instead of its own (tests: another tenant's canary...), or nothing. */
export type InjectOutput = (request: ChatRequest) => string | null | undefined;

export interface ChatResponder {
  prefixCache: PrefixCache;
  injectOutput: InjectOutput | undefined;
  /** Characters per streamed content delta: small, so canaries get split across chunks. */
  streamChunkChars: number;
  /** `sim-slow`: wait before the first byte, and between streamed chunks. */
  slowDelayMs: number;
  slowChunkDelayMs: number;
  /** Aborted when the server closes, to stop pending delays. */
  signal: AbortSignal;
}

/** Answers a validated chat request: the fault models misbehave, the rest answer by `composeAnswer`. */
export async function respondToChat(request: ChatRequest, response: ServerResponse, responder: ChatResponder, requestId: string) {
  if (request.model === 'sim-timeout') return; // hold the connection open until the client gives up
  if (request.model === 'sim-500') {
    throw new OpenAIHttpError(500, 'The server had an error while processing your request. Sorry about that!', 'server_error');
  }
  const isSlow = request.model === 'sim-slow';
  if (isSlow && !(await pause(responder.slowDelayMs, responder.signal))) return;

  const promptTokens = tokenizePrompt(request.messages);
  const cachedTokens = responder.prefixCache.lookupAndStore(request.model, request.cacheSalt, promptTokens);
  const injected = responder.injectOutput?.(request);
  const id = createCompletionId();
  const toolCalls = decideToolCalls(request.messages, request.tools, request.toolChoice, { isParallel: request.isParallel, injected });
  if (toolCalls.length > 0 && request.model !== 'sim-garbled') {
    const usage = createUsage(
      promptTokens.length,
      toolCalls.reduce((sum, call) => sum + tokenizeText(call.arguments).length, 0),
      cachedTokens,
    );
    return writeToolCalls(response, request, { id, requestId, toolCalls, usage, chunkChars: responder.streamChunkChars });
  }
  const answer = formatAnswer(injected ?? composeAnswer(request.messages).text, request.responseFormat);
  const { text, isTruncated } = request.maxTokens ? truncateToTokens(answer, request.maxTokens) : { text: answer, isTruncated: false };
  const usage = createUsage(promptTokens.length, tokenizeText(text).length, cachedTokens);
  const finishReason = isTruncated ? 'length' : 'stop';

  if (request.model === 'sim-garbled') return writeGarbled(response, request, id, requestId);
  if (!request.stream) {
    sendJson(response, 200, createCompletionBody({ id, model: request.model, content: text, finishReason, usage }), requestId);
    return;
  }

  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-request-id': requestId });
  const usageField = request.includeUsage ? null : undefined;
  const send = (body: object) => response.write(`data: ${JSON.stringify(body)}\n\n`);
  send(createChunkBody({ id, model: request.model, delta: { role: 'assistant', content: '' }, usage: usageField }));
  for (const piece of splitIntoPieces(text, responder.streamChunkChars)) {
    if (isSlow && !(await pause(responder.slowChunkDelayMs, responder.signal))) return;
    if (response.destroyed) return;
    send(createChunkBody({ id, model: request.model, delta: { content: piece }, usage: usageField }));
  }
  send(createChunkBody({ id, model: request.model, delta: {}, finishReason, usage: usageField }));
  if (request.includeUsage) send(createChunkBody({ id, model: request.model, usage }));
  response.end('data: [DONE]\n\n');
}

/** JSON modes: any object holding the answer, or a value matching the schema with the answer as its first string. */
function formatAnswer(text: string, format: ChatRequest['responseFormat']): string {
  if (format.type === 'json_object') return JSON.stringify({ answer: text });
  if (format.type === 'json_schema') return JSON.stringify(createValueFromSchema(format.schema, [text]));
  return text;
}

/** Tool calls in OpenAI's wire shape: whole in a message, or streamed as a named first piece and argument pieces. */
function writeToolCalls(
  response: ServerResponse,
  request: ChatRequest,
  answer: { id: string; requestId: string; toolCalls: SimulatedToolCall[]; usage: CompletionUsage; chunkChars: number },
) {
  const calls = answer.toolCalls.map((call) => ({ id: call.id, type: 'function' as const, function: { name: call.name, arguments: call.arguments } }));
  if (!request.stream) {
    sendJson(
      response,
      200,
      createCompletionBody({ id: answer.id, model: request.model, content: null, toolCalls: calls, finishReason: 'tool_calls', usage: answer.usage }),
      answer.requestId,
    );
    return;
  }
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-request-id': answer.requestId });
  const usageField = request.includeUsage ? null : undefined;
  const send = (delta: NonNullable<Parameters<typeof createChunkBody>[0]['delta']>, finishReason?: 'tool_calls') =>
    response.write(`data: ${JSON.stringify(createChunkBody({ id: answer.id, model: request.model, delta, finishReason, usage: usageField }))}\n\n`);
  calls.forEach((call, index) => {
    send({
      ...(index === 0 ? { role: 'assistant' as const, content: null } : {}),
      tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }],
    });
    for (const piece of splitIntoPieces(call.function.arguments, answer.chunkChars)) send({ tool_calls: [{ index, function: { arguments: piece } }] });
  });
  send({}, 'tool_calls');
  if (request.includeUsage) response.write(`data: ${JSON.stringify(createChunkBody({ id: answer.id, model: request.model, usage: answer.usage }))}\n\n`);
  response.end('data: [DONE]\n\n');
}

/** A response that starts well and breaks: truncated JSON, and for streams no `[DONE]`. */
function writeGarbled(response: ServerResponse, request: ChatRequest, id: string, requestId: string) {
  const broken = `{"id":"${id}","object":"chat.completion${request.stream ? '.chunk' : ''}","choices":[{"index":0,"del`;
  if (!request.stream) {
    response.writeHead(200, { 'content-type': 'application/json', 'x-request-id': requestId });
    response.end(broken);
    return;
  }
  response.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': requestId });
  response.write(`data: ${JSON.stringify(createChunkBody({ id, model: request.model, delta: { role: 'assistant', content: '' } }))}\n\n`);
  response.end(`data: ${broken}\n\n`);
}

/** Splits by code points, so no chunk ends inside a surrogate pair. */
function splitIntoPieces(text: string, size: number): string[] {
  const characters = [...text];
  const pieces: string[] = [];
  for (let index = 0; index < characters.length; index += size) pieces.push(characters.slice(index, index + size).join(''));
  return pieces;
}

/** Waits; false when the server is closing (the caller then stops writing). */
async function pause(milliseconds: number, signal: AbortSignal): Promise<boolean> {
  try {
    await sleep(milliseconds, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}
