import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { registerServerMetrics } from '@/lib/enforcement/server-metrics';
import { decideMetricsAccess } from '@/lib/metrics/metrics-access';
import { renderMetrics } from '@/lib/metrics/metric-registry';

const REFUSED = JSON.stringify({
  error: {
    message: "Metrics need the operators' bearer token (BULKHEAD_METRICS_TOKEN).",
    type: 'authentication_error',
    param: null,
    code: 'metrics_token_required',
  },
});
const DISABLED = JSON.stringify({
  error: {
    message: 'Metrics are not served on this port. Set BULKHEAD_METRICS_TOKEN, or scrape BULKHEAD_GATEWAY_METRICS_PORT.',
    type: 'invalid_request_error',
    param: null,
    code: 'unknown_url',
  },
});

/** `GET /metrics` on the public port: only with the operators' bearer token (metrics-access.ts). */
export async function serveMetricsWithToken(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
  const access = decideMetricsAccess(incoming.headers.authorization);
  if (access === 'disabled') return void outgoing.writeHead(404, { 'content-type': 'application/json' }).end(DISABLED);
  if (access === 'refused') return void outgoing.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' }).end(REFUSED);
  await serveMetrics(outgoing);
}

/** The exposition of this process's metrics (the private metrics port serves it without a token). */
export async function serveMetrics(outgoing: ServerResponse): Promise<void> {
  registerServerMetrics();
  const { body, contentType } = await renderMetrics();
  outgoing.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body);
}
