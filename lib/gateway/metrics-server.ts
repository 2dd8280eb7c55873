import 'server-only';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AggregatorRegistry } from 'prom-client';
import { registerServerMetrics } from '@/lib/enforcement/server-metrics';
import { renderMetrics } from '@/lib/metrics/metric-registry';

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The gateway's private metrics listener (BULKHEAD_GATEWAY_METRICS_PORT): `GET /metrics` without a
 * token, so bind it where only the scraper reaches (loopback, a pod-internal port). In a node:cluster
 * primary it answers with every worker's metrics summed (prom-client's cluster aggregation); in a
 * single process, with its own.
 */
export async function startMetricsServer(options: { port: number; host: string; aggregateWorkers: boolean }): Promise<MetricsServer> {
  const aggregator = options.aggregateWorkers ? new AggregatorRegistry() : null;
  if (!aggregator) registerServerMetrics();
  const server = http.createServer((incoming, outgoing) => {
    if (incoming.method !== 'GET' || incoming.url?.split('?')[0] !== '/metrics') return void outgoing.writeHead(404).end();
    const rendered = aggregator ? aggregator.clusterMetrics().then((body) => ({ body, contentType: aggregator.contentType })) : renderMetrics();
    rendered.then(
      ({ body, contentType }) => outgoing.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body),
      () => outgoing.writeHead(503).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
