import 'server-only';
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { flushAuditQueues } from '@/lib/audit/store/record-event';
import { flushBodyRefusals } from '@/lib/enforcement/record-body-refusal';
import { logEvent } from '@/lib/log/logger';
import { answerUnreadableRequests, discardUnreadBodyAfterAnswer } from './connection-hygiene';
import { findGatewayRoute, type GatewayRouteContext } from './routes';

export interface GatewayServerOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** How long shutdown waits for requests and streams in flight before it cuts them. */
  drainTimeoutMs?: number;
}

export interface GatewayServer {
  /** `http://host:port`; the OpenAI base URL is `${url}/v1`. */
  url: string;
  port: number;
  /** Requests being answered right now (streams included). */
  inFlight(): number;
  /**
   * Graceful shutdown: stop accepting connections, answer readiness with 503, finish every request and
   * stream in flight (responses then close their connection), then wait until every audit event this
   * process queued is written. Resolves when nothing is left; cuts what remains after drainTimeoutMs.
   */
  shutdown(): Promise<void>;
}

const NOT_FOUND = JSON.stringify({
  error: {
    message: 'Unknown path. This gateway serves /v1/chat/completions, /v1/models and /v1/audit/events.',
    type: 'invalid_request_error',
    param: null,
    code: 'unknown_url',
  },
});
const FAILED = JSON.stringify({
  error: { message: 'The gateway could not complete this request.', type: 'service_unavailable', param: null, code: 'gateway_unavailable' },
});

/** The gateway service: a plain node:http server over the route table (routes.ts), with draining shutdown. */
export async function startGatewayServer(options: GatewayServerOptions): Promise<GatewayServer> {
  const context: GatewayRouteContext = { isDraining: false };
  let inFlight = 0;
  let onIdle: (() => void) | null = null;

  const server = http.createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    inFlight += 1;
    outgoing.once('close', () => {
      inFlight -= 1;
      if (inFlight === 0) onIdle?.();
    });
    // While draining, every answer closes its connection, so keep-alive clients reconnect elsewhere.
    if (context.isDraining) outgoing.setHeader('connection', 'close');
    discardUnreadBodyAfterAnswer(incoming, outgoing);
    const route = findGatewayRoute(incoming.method, incoming.url);
    if (!route) return void outgoing.writeHead(404, { 'content-type': 'application/json' }).end(NOT_FOUND);
    route(incoming, outgoing, context).catch((error: unknown) => {
      // The route failed before it could name the request: this id ties the client's answer to the log line.
      const requestId = randomUUID();
      logEvent('error', 'gateway route failed', { requestId, method: incoming.method, path: incoming.url?.split('?')[0], error });
      if (!outgoing.headersSent) outgoing.writeHead(503, { 'content-type': 'application/json', 'x-request-id': requestId }).end(FAILED);
      else outgoing.destroy();
    });
  });
  answerUnreadableRequests(server);
  // Above the usual 5 s of load balancers' idle timeouts, so the balancer, not us, closes idle connections.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;

  let shuttingDown: Promise<void> | null = null;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    port,
    inFlight: () => inFlight,
    shutdown() {
      shuttingDown ??= (async () => {
        context.isDraining = true;
        const closed = new Promise((resolve) => server.close(resolve));
        server.closeIdleConnections();
        const drained = inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (onIdle = resolve));
        const deadline = options.drainTimeoutMs ?? 30_000;
        const timedOut = await Promise.race([drained.then(() => false), new Promise<boolean>((resolve) => setTimeout(resolve, deadline, true).unref())]);
        if (timedOut) logEvent('warn', 'gateway shutdown cut requests still in flight', { inFlight, drainTimeoutMs: deadline });
        server.closeAllConnections();
        await closed;
        await flushBodyRefusals();
        await flushAuditQueues();
      })();
      return shuttingDown;
    },
  };
}
