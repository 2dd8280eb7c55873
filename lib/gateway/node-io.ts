import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { isStreamedReply, type GatewayReply } from '@/lib/enforcement/http/gateway-reply';
import { assertDeclaredBodySize, createBodyTooLargeError, MAX_BODY_BYTES, parseJsonBody } from '@/lib/enforcement/validate-request';

/**
 * The request body as JSON, with the same limits and errors as the console's routes (readJsonBody):
 * the bytes are counted as they arrive; past the limit the rest is drained unbuffered, so the 413
 * can still be sent on the same connection.
 */
export function readNodeJsonBody(incoming: IncomingMessage): Promise<unknown> {
  assertDeclaredBodySize(incoming.headers['content-length']);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on('data', (chunk: Buffer) => {
      if (size > MAX_BODY_BYTES) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(createBodyTooLargeError());
      else chunks.push(chunk);
    });
    incoming.on('end', () => {
      if (size > MAX_BODY_BYTES) return;
      try {
        resolve(parseJsonBody(chunks));
      } catch (error) {
        reject(error);
      }
    });
    incoming.on('error', reject);
  });
}

/** An AbortSignal that fires when the client goes away before its answer is complete. */
export function signalOnClientGone(outgoing: ServerResponse): AbortSignal {
  const controller = new AbortController();
  outgoing.once('close', () => {
    if (!outgoing.writableFinished) controller.abort();
  });
  return controller.signal;
}

/**
 * Writes a reply: a whole body in one `end`, or streamed pieces as they come, honouring
 * back-pressure. A client that leaves mid-stream closes the producer; the upstream call stops through
 * the request's signal (signalOnClientGone).
 */
export async function writeReply(outgoing: ServerResponse, reply: GatewayReply): Promise<void> {
  if (!isStreamedReply(reply)) {
    outgoing.writeHead(reply.status, reply.headers).end(reply.body);
    return;
  }
  outgoing.writeHead(reply.status, reply.headers);
  const pieces = reply.body;
  try {
    for await (const piece of pieces) {
      if (outgoing.destroyed) break;
      if (!outgoing.write(piece)) await waitForDrain(outgoing);
    }
  } finally {
    await pieces.return(undefined);
    outgoing.end();
  }
}

function waitForDrain(outgoing: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      outgoing.off('drain', done);
      outgoing.off('close', done);
      resolve();
    };
    outgoing.on('drain', done);
    outgoing.on('close', done);
  });
}

/**
 * A handler written for Web Request/Response (the console's route handlers and what they share) served
 * on node:http. For routes off the hot path: the conversion costs a few Web objects per request.
 */
export function serveWebHandler(handler: (request: Request) => Promise<Response>) {
  return async (incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (typeof value === 'string') headers.set(name, value);
      else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    }
    const hasBody = incoming.method !== 'GET' && incoming.method !== 'HEAD';
    const request = new Request(`http://${incoming.headers.host ?? 'gateway'}${incoming.url}`, {
      method: incoming.method,
      headers,
      body: hasBody ? (Readable.toWeb(incoming) as ReadableStream<Uint8Array>) : undefined,
      signal: signalOnClientGone(outgoing),
      ...(hasBody ? { duplex: 'half' } : {}),
    } as RequestInit);
    const response = await handler(request);
    outgoing.writeHead(response.status, Object.fromEntries(response.headers));
    if (!response.body) return void outgoing.end();
    const reader = response.body.getReader();
    try {
      for (;;) {
        const next = await reader.read();
        if (next.done || outgoing.destroyed) break;
        if (!outgoing.write(next.value)) await waitForDrain(outgoing);
      }
    } finally {
      await reader.cancel().catch(() => {});
      outgoing.end();
    }
  };
}
