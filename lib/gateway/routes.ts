import 'server-only';
import { handleAuditEventsRequest } from '@/lib/audit/api/audit-events-api';
import { resolveAuditKeyOnly } from '@/lib/audit/api/resolve-audit-key-principal';
import { answerChatCompletions } from '@/lib/enforcement/http/handle-chat-completions';
import { handleEmbeddings } from '@/lib/enforcement/http/handle-embeddings';
import { answerListModels } from '@/lib/enforcement/http/handle-list-models';
import { handleResponses } from '@/lib/enforcement/http/handle-responses';
import { resolveApiKeyPrincipal } from '@/lib/enforcement/resolve-principal';
import { serveHealth, serveReadiness } from './health';
import { serveMetricsWithToken } from './metrics-route';
import { readNodeJsonBody, serveWebHandler, signalOnClientGone, writeReply } from './node-io';
import type { GatewayRoute } from './route-types';

export type { GatewayRoute, GatewayRouteContext } from './route-types';

/**
 * Every path the gateway service serves, `METHOD /path` → handler, each a thin door over a handler the
 * console's `/api/v1` routes share. A new API is one line: a reply-returning handler (`answer…`, the
 * hot path, no Web objects) written with writeReply, or a Web `(Request) => Response` handler wrapped
 * in serveWebHandler. `/api/v1/…` paths are served too, so a client of the console's API only changes
 * the host.
 */
export const gatewayRoutes: Record<string, GatewayRoute> = {
  'POST /v1/chat/completions': async (incoming, outgoing) =>
    writeReply(
      outgoing,
      await answerChatCompletions({
        resolvePrincipal: () => resolveApiKeyPrincipal(incoming.headers.authorization ?? null),
        readBody: () => readNodeJsonBody(incoming),
        signal: signalOnClientGone(outgoing),
      }),
    ),
  'POST /v1/embeddings': serveWebHandler((request) => handleEmbeddings(request, () => resolveApiKeyPrincipal(request.headers.get('authorization')))),
  'POST /v1/responses': serveWebHandler((request) => handleResponses(request, () => resolveApiKeyPrincipal(request.headers.get('authorization')))),
  'GET /v1/models': async (incoming, outgoing) => writeReply(outgoing, await answerListModels(incoming.headers.authorization ?? null)),
  'GET /v1/audit/events': serveWebHandler((request) => handleAuditEventsRequest(request, resolveAuditKeyOnly)),
  'GET /healthz': serveHealth,
  'GET /readyz': serveReadiness,
  'GET /metrics': serveMetricsWithToken,
};

/** The route for a request line, or undefined. The query string is the handler's business. */
export function findGatewayRoute(method: string | undefined, url: string | undefined): GatewayRoute | undefined {
  const raw = url ?? '/';
  const queryAt = raw.indexOf('?');
  let path = queryAt === -1 ? raw : raw.slice(0, queryAt);
  if (path.startsWith('/api/v1/')) path = path.slice(4);
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return gatewayRoutes[`${method} ${path}`];
}
