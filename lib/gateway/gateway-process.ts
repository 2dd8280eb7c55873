import 'server-only';
import cluster from 'node:cluster';
import { setTimeout as sleep } from 'node:timers/promises';
import { isListeningForChanges, stopChangeNotices, whenListeningForChanges } from '@/lib/db/change-notices';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { setProcessName } from '@/lib/db/process-identity';
import { installKnowledgeEmbeddingRoute } from '@/lib/enforcement/embeddings/tenant-embedding-route';
import { listenForGatewayCacheNotices } from '@/lib/enforcement/gateway-cache-notices';
import { registerKeyEventAuditing, waitForKeyEventAudit } from '@/lib/audit/audit-key-events';
import { installPlacementAuditLog } from '@/lib/audit/store/install-placement-audit-log';
import { logEvent } from '@/lib/log/logger';
import { registerPlacementEncryptedColumns } from '@/lib/placement/encrypted-columns';
import { closePlacementPools } from '@/lib/placement/pool-registry-instance';
import { closeTenantSqlPools } from '@/lib/tenancy/with-tenant-sql';
import { flushUsage } from '@/lib/control/usage/record-usage';
import { registerServerMetrics } from '@/lib/enforcement/server-metrics';
import { startGatewayServer, type GatewayServer } from './gateway-server';
import { startMetricsServer } from './metrics-server';

const LISTEN_WAIT_MS = 10_000;

export interface GatewayProcessOptions {
  port: number;
  host: string;
  /** node:cluster workers sharing the port; 1 serves from this process. */
  workers: number;
  drainTimeoutMs: number;
  /** A private listener for /metrics without a token (BULKHEAD_GATEWAY_METRICS_PORT); in a cluster, the primary's, summing its workers. */
  metrics?: { port: number; host: string };
  /** Called with the base URL once every worker listens. */
  onListening?: (url: string) => void;
}

/**
 * Runs the gateway service until SIGTERM or SIGINT, then shuts down gracefully (gateway-server.ts)
 * and closes its database pools. With workers > 1, this process only forks them and passes the
 * signal on; each worker is a full gateway with its own caches and pools.
 */
export async function runGatewayProcess(options: GatewayProcessOptions): Promise<void> {
  if (options.workers > 1 && cluster.isPrimary) return runPrimary(options);
  registerServerMetrics();
  if (options.metrics && !cluster.isWorker) await startMetricsServer({ ...options.metrics, aggregateWorkers: false });
  // As instrumentation.ts does for the console: named in its database sessions; KMS key events and
  // failures go to the audit chains; the knowledge base embeds through the tenant's own route.
  setProcessName('gateway');
  registerKeyEventAuditing();
  installPlacementAuditLog();
  installKnowledgeEmbeddingRoute();
  registerPlacementEncryptedColumns();
  // Revoked keys, tenant changes, new canaries and prompt activations from any process drop our copies.
  // Listening before serving: a notice sent before the first LISTEN would be lost to caches filled meanwhile.
  listenForGatewayCacheNotices();
  await Promise.race([whenListeningForChanges(), sleep(LISTEN_WAIT_MS)]);
  if (!isListeningForChanges())
    logEvent('warn', 'gateway serving before it listens for changes; caches expire on their own until it does', { waitedMs: LISTEN_WAIT_MS });
  const server = await startGatewayServer({ port: options.port, host: options.host, drainTimeoutMs: options.drainTimeoutMs });
  if (cluster.isWorker) process.send?.({ listening: server.url });
  else options.onListening?.(server.url);
  const stop = () => void stopGateway(server);
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

async function stopGateway(server: GatewayServer) {
  try {
    await server.shutdown();
    await flushUsage();
    await waitForKeyEventAudit();
    await stopChangeNotices();
    await Promise.all([closeTenantSqlPools(), closePlacementPools(), disconnectAllPrismaClients()]);
    process.exit(0);
  } catch (error) {
    logEvent('error', 'gateway shutdown failed', { error });
    process.exit(1);
  }
}

async function runPrimary(options: GatewayProcessOptions) {
  if (options.metrics) await startMetricsServer({ ...options.metrics, aggregateWorkers: true });
  let listening = 0;
  for (let index = 0; index < options.workers; index += 1) {
    const worker = cluster.fork();
    worker.on('message', (message: { listening?: string }) => {
      if (message.listening && (listening += 1) === options.workers) options.onListening?.(message.listening);
    });
  }
  let isStopping = false;
  cluster.on('exit', (worker, code) => {
    if (!isStopping) logEvent('error', 'gateway worker exited', { pid: worker.process.pid, code });
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(isStopping ? 0 : 1);
  });
  const stop = () => {
    isStopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
