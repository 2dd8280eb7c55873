import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assertAuthorized, isLoopback, parseJsonBody, readBodyText, sendError, sendJson } from './http-io';
import { SIMULATOR_MODELS, createModelObject, isSimulatorModel } from './models';
import { OpenAIHttpError } from './openai-wire';
import { parseChatRequest } from './parse-chat-request';
import { EMBEDDING_MODEL, respondToEmbeddings } from './respond-embeddings';
import { PrefixCache } from './prefix-cache';
import { clearReceivedRequests, getReceivedRequests, recordReceivedRequest, type ReceivedRequest } from './received-requests';
import { respondToChat, type ChatResponder, type InjectOutput } from './respond-chat';
import { isUpstreamFaultMode, respondWithFault, type UpstreamFaultMode } from './upstream-fault';

export { clearReceivedRequests, getReceivedRequests, type ReceivedRequest } from './received-requests';
export type { InjectOutput } from './respond-chat';
export type { UpstreamFaultMode } from './upstream-fault';

export interface LocalModelOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1; the test hooks answer loopback clients only, whatever the host. */
  host?: string;
  /** Require exactly this bearer key; by default any non-empty key is accepted. */
  apiKey?: string;
  /** Makes the "model" answer this text instead (e.g. another tenant's canary). */
  injectOutput?: InjectOutput;
  streamChunkChars?: number;
  slowDelayMs?: number;
  slowChunkDelayMs?: number;
  cacheBlockSize?: number;
}

export interface LocalModel {
  /** `http://127.0.0.1:<port>`; the OpenAI base URL is `${url}/v1`. */
  url: string;
  port: number;
  /** Stops listening and drops every open connection (including `sim-timeout` ones). */
  close(): Promise<void>;
  /** Replaces the output hook: a function, a fixed text, or null to answer normally again. */
  setInjectOutput(hook: InjectOutput | string | null): void;
  /** Requests this server received, oldest first. */
  getReceivedRequests(): ReceivedRequest[];
  clearReceivedRequests(): void;
  clearPrefixCache(): void;
  /** Makes every chat request suffer this fault (upstream-fault.ts) until set back to null. */
  setFault(fault: UpstreamFaultMode | null): void;
}

/**
 * Starts the local model simulator: an OpenAI-compatible server (`GET /v1/models`,
 * `GET /v1/models/:id`, `POST /v1/chat/completions`, streaming or not, `POST /v1/embeddings`) with
 * deterministic, deliberately naive answers (see `composeAnswer`), tool calls (`decideToolCalls`),
 * JSON modes and embeddings (`respondToEmbeddings`), a vLLM-style prefix cache keyed by
 * `cache_salt`, fault models (see `FAULT_MODELS`), and loopback-only test hooks:
 * `GET|DELETE /__simulator/requests`, `PUT /__simulator/inject-output` (`{"text": string|null}`) and
 * `PUT /__simulator/fault` (`{"mode": "error_5xx"|"hang"|"garbled"|"truncated"|null}`, upstream-fault.ts).
 */
export async function startLocalModel(options: LocalModelOptions = {}): Promise<LocalModel> {
  const closing = new AbortController();
  const responder: ChatResponder = {
    prefixCache: new PrefixCache(options.cacheBlockSize ?? 16),
    injectOutput: options.injectOutput,
    streamChunkChars: options.streamChunkChars ?? 3,
    slowDelayMs: options.slowDelayMs ?? 300,
    slowChunkDelayMs: options.slowChunkDelayMs ?? 20,
    signal: closing.signal,
  };
  const setInjectOutput = (hook: InjectOutput | string | null) => {
    responder.injectOutput = typeof hook === 'string' ? () => hook : (hook ?? undefined);
  };

  let fault: UpstreamFaultMode | null = null;

  let url = '';
  const server = http.createServer((request, response) => {
    const requestId = `req_sim${randomUUID().replaceAll('-', '')}`;
    handleRequest(request, response, requestId).catch((error: unknown) => {
      const failure = error instanceof OpenAIHttpError ? error : new OpenAIHttpError(500, 'The simulator failed unexpectedly.', 'server_error');
      if (!(error instanceof OpenAIHttpError)) console.error('[local-model]', error);
      if (!response.headersSent) sendError(response, failure, requestId);
      else response.destroy();
    });
  });

  async function handleRequest(request: IncomingMessage, response: ServerResponse, requestId: string) {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const bodyText = await readBodyText(request);
    if (path.startsWith('/__simulator/') && isLoopback(request)) {
      return handleTestHook(request.method ?? 'GET', path, bodyText, response, requestId);
    }
    recordReceivedRequest({ serverUrl: url, method: request.method ?? 'GET', path, headers: request.headers, body: parseLoosely(bodyText) });
    assertAuthorized(request, options.apiKey);

    if (request.method === 'GET' && path === '/v1/models') {
      return sendJson(response, 200, { object: 'list', data: [...SIMULATOR_MODELS, EMBEDDING_MODEL].map(createModelObject) }, requestId);
    }
    const modelId = request.method === 'GET' ? /^\/v1\/models\/([^/]+)$/.exec(path)?.[1] : undefined;
    if (modelId !== undefined) {
      const id = decodeURIComponent(modelId);
      if (!isSimulatorModel(id) && id !== EMBEDDING_MODEL) {
        throw new OpenAIHttpError(404, `The model '${id}' does not exist`, 'invalid_request_error', 'model', 'model_not_found');
      }
      return sendJson(response, 200, createModelObject(id), requestId);
    }
    if (request.method === 'POST' && path === '/v1/embeddings') {
      return sendJson(response, 200, respondToEmbeddings(parseJsonBody(bodyText)), requestId);
    }
    if (request.method === 'POST' && path === '/v1/chat/completions') {
      if (fault) {
        const body = parseJsonBody(bodyText) as { stream?: unknown; model?: unknown };
        return respondWithFault(fault, response, body?.stream === true, String(body?.model ?? ''), requestId);
      }
      return respondToChat(parseChatRequest(parseJsonBody(bodyText)), response, responder, requestId);
    }
    throw new OpenAIHttpError(404, `Invalid URL (${request.method} ${path})`);
  }

  function handleTestHook(method: string, path: string, bodyText: string, response: ServerResponse, requestId: string) {
    if (path === '/__simulator/requests' && method === 'GET') {
      return sendJson(response, 200, { data: getReceivedRequests(url) }, requestId);
    }
    if (path === '/__simulator/requests' && method === 'DELETE') {
      clearReceivedRequests(url);
      return sendJson(response, 200, { cleared: true }, requestId);
    }
    if (path === '/__simulator/inject-output' && method === 'PUT') {
      const body = parseJsonBody(bodyText) as { text?: unknown };
      if (typeof body?.text !== 'string' && body?.text !== null) {
        throw new OpenAIHttpError(400, "'text' must be a string or null.", 'invalid_request_error', 'text');
      }
      setInjectOutput(body.text);
      return sendJson(response, 200, { text: body.text }, requestId);
    }
    if (path === '/__simulator/fault' && method === 'PUT') {
      const body = parseJsonBody(bodyText) as { mode?: unknown };
      if (body?.mode !== null && !isUpstreamFaultMode(body?.mode)) {
        throw new OpenAIHttpError(400, "'mode' must be error_5xx, hang, garbled, truncated or null.", 'invalid_request_error', 'mode');
      }
      fault = body.mode;
      return sendJson(response, 200, { mode: fault }, requestId);
    }
    throw new OpenAIHttpError(404, `Invalid URL (${method} ${path})`);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;

  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
    setInjectOutput,
    getReceivedRequests: () => getReceivedRequests(url),
    clearReceivedRequests: () => clearReceivedRequests(url),
    clearPrefixCache: () => responder.prefixCache.clear(),
    setFault: (mode) => {
      fault = mode;
    },
  };
}

function parseLoosely(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
