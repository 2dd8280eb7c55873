import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { composeAnswer } from './answer-rules';
import { sendJson } from './http-io';
import { OpenAIHttpError, createChunkBody, createCompletionBody, createCompletionId, createUsage } from './openai-wire';
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
  const answer = responder.injectOutput?.(request) ?? composeAnswer(request.messages).text;
  const { text, isTruncated } = request.maxTokens ? truncateToTokens(answer, request.maxTokens) : { text: answer, isTruncated: false };
  const usage = createUsage(promptTokens.length, tokenizeText(text).length, cachedTokens);
  const finishReason = isTruncated ? 'length' : 'stop';
  const id = createCompletionId();

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
