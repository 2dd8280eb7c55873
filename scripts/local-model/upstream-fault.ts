import type { ServerResponse } from 'node:http';
import { OpenAIHttpError, createChunkBody } from './openai-wire';

/**
 * Faults the whole simulator suffers until cleared, whatever model is asked for: how a real upstream
 * fails under a chaos run (`npm run chaos` switches them over the loopback-only test hook
 * `PUT /__simulator/fault`). The fault models (`sim-500`, ...) are the per-request equivalent.
 * - `error_5xx`: every chat request answers HTTP 500 with an OpenAI error body;
 * - `hang`: accepts the request and never answers (the client's timeout decides);
 * - `garbled`: a 200 whose JSON (or stream chunk) breaks off midway and ends;
 * - `truncated`: a 200 that promises more than it sends, then the connection is cut.
 */
export const UPSTREAM_FAULT_MODES = ['error_5xx', 'hang', 'garbled', 'truncated'] as const;
export type UpstreamFaultMode = (typeof UPSTREAM_FAULT_MODES)[number];

export function isUpstreamFaultMode(value: unknown): value is UpstreamFaultMode {
  return (UPSTREAM_FAULT_MODES as readonly unknown[]).includes(value);
}

/** Answers a chat request the way the fault says; the caller answers normally when there is no fault. */
export function respondWithFault(fault: UpstreamFaultMode, response: ServerResponse, isStream: boolean, model: string, requestId: string) {
  if (fault === 'hang') return;
  if (fault === 'error_5xx') throw new OpenAIHttpError(500, 'The server had an error while processing your request. Sorry about that!', 'server_error');
  const id = `chatcmpl-fault${requestId.slice(-12)}`;
  const firstChunk = `data: ${JSON.stringify(createChunkBody({ id, model, delta: { role: 'assistant', content: '' } }))}\n\n`;
  const broken = `{"id":"${id}","object":"chat.completion${isStream ? '.chunk' : ''}","choices":[{"index":0,"del`;
  if (fault === 'garbled') {
    response.writeHead(200, { 'content-type': isStream ? 'text/event-stream' : 'application/json', 'x-request-id': requestId });
    response.end(isStream ? `${firstChunk}data: ${broken}\n\n` : broken);
    return;
  }
  // truncated: part of a well-formed answer, then the socket closes before the promised end.
  if (!isStream) {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(broken.length * 4), 'x-request-id': requestId });
    response.write(broken);
  } else {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': requestId });
    response.write(firstChunk);
    response.write(`data: ${JSON.stringify(createChunkBody({ id, model, delta: { content: 'Based on' } }))}\n\n`);
  }
  setImmediate(() => response.destroy());
}
