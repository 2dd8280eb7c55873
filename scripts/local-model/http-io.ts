import type { IncomingMessage, ServerResponse } from 'node:http';
import { OpenAIHttpError } from './openai-wire';

const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** Reads the whole body as text; rejects bodies larger than 8 MB with a 413 in OpenAI's shape. */
export async function readBodyText(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new OpenAIHttpError(413, 'Request body too large.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new OpenAIHttpError(400, "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)");
  }
}

export function sendJson(response: ServerResponse, status: number, body: unknown, requestId?: string) {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    ...(requestId ? { 'x-request-id': requestId } : {}),
  });
  response.end(payload);
}

export function sendError(response: ServerResponse, error: OpenAIHttpError, requestId?: string) {
  sendJson(response, error.status, error.toBody(), requestId);
}

/** True for connections from this machine; test hooks answer nobody else. */
export function isLoopback(request: IncomingMessage): boolean {
  const address = request.socket.remoteAddress ?? '';
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

/** `Authorization: Bearer <key>`: any non-empty key, or exactly `expectedKey` when one is configured. */
export function assertAuthorized(request: IncomingMessage, expectedKey: string | undefined) {
  const header = request.headers.authorization ?? '';
  const key = /^Bearer\s+(\S.*)$/i.exec(header)?.[1]?.trim();
  if (!key) {
    throw new OpenAIHttpError(
      401,
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
    );
  }
  if (expectedKey !== undefined && key !== expectedKey) {
    throw new OpenAIHttpError(401, 'Incorrect API key provided.', 'invalid_request_error', null, 'invalid_api_key');
  }
}
