import 'server-only';
import type { Server, IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/** Past this many unread bytes, or this long, a connection is cut instead of read to the end. */
const MAX_DISCARDED_BYTES = 64 * 1024 * 1024;
const MAX_DISCARD_MS = 15_000;

/**
 * Answers a request refused before its body was read (413, 401, 404...) without losing the answer.
 * Node closes a connection the client asked to close as soon as the answer is written, while the
 * client may still be sending its body: the client then sees its write fail (EPIPE) or the
 * connection reset instead of the answer. And a body a handler stopped reading part-way would stay
 * on a kept-alive connection, where the next request cannot be read. So the rest of the body is read
 * and discarded after the answer (a lingering close, bounded by MAX_DISCARDED_BYTES and
 * MAX_DISCARD_MS), and only then is the connection closed or reused.
 */
export function discardUnreadBodyAfterAnswer(incoming: IncomingMessage, outgoing: ServerResponse): void {
  const isClosing = !outgoing.shouldKeepAlive;
  const hasBody = incoming.headers['content-length'] !== undefined || incoming.headers['transfer-encoding'] !== undefined;
  if (!hasBody && !isClosing) return;
  // Keep Node from closing the connection when the answer is written; it is closed below instead.
  if (isClosing) outgoing.shouldKeepAlive = true;
  // Taken now: Node detaches the message from its socket once the answer is written.
  const socket = incoming.socket;
  outgoing.once('finish', () => {
    if (incoming.complete) {
      if (isClosing) socket.end();
      return;
    }
    let discarded = 0;
    const cut = () => socket.destroy();
    const timer = setTimeout(cut, MAX_DISCARD_MS).unref();
    incoming.removeAllListeners('data');
    incoming.on('data', (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > MAX_DISCARDED_BYTES) cut();
    });
    incoming.once('end', () => {
      clearTimeout(timer);
      if (isClosing) socket.end();
    });
    incoming.once('close', () => clearTimeout(timer));
    incoming.resume();
  });
}

const CLIENT_ERRORS: Record<string, [status: number, reason: string, message: string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'The request headers are too large.'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'The request took too long to arrive.'],
  HPE_HEADERS_TIMEOUT: [408, 'Request Timeout', 'The request headers took too long to arrive.'],
};

/**
 * A request the HTTP parser cannot read (a malformed request line, header or chunk, bytes after a
 * body) gets an OpenAI-style JSON error naming the problem, instead of Node's bare 400 without a
 * body; the connection is then closed, since what follows on it cannot be framed.
 */
export function answerUnreadableRequests(server: Server): void {
  server.on('clientError', (error: Error & { code?: string; rawPacket?: Buffer }, socket: Duplex) => {
    const isAnswering = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
    if (!socket.writable || isAnswering || error.code === 'ECONNRESET') return void socket.destroy();
    const [status, reason, message] = CLIENT_ERRORS[error.code ?? ''] ?? [400, 'Bad Request', 'The request is not valid HTTP.'];
    const body = JSON.stringify({ error: { message, type: 'invalid_request_error', param: null, code: 'malformed_request' } });
    // The answer to a HEAD request has no body, even when the request could not be read to the end.
    const isHead = error.rawPacket?.subarray(0, 5).toString('latin1') === 'HEAD ';
    const head = `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`;
    socket.end(isHead ? head : head + body);
  });
}
