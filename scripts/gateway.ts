/**
 * `npm run gateway`: the gateway service alone, the OpenAI-compatible API for tenant API keys
 * (`/v1/chat/completions`, `/v1/embeddings`, `/v1/responses`, `/v1/models`, `/v1/audit/events`, `/healthz`, `/readyz`), without the console.
 * Needs the console's server settings (README, "Configuration"); `npm run demo` starts it with them.
 *
 *   BULKHEAD_GATEWAY_PORT (4700)  BULKHEAD_GATEWAY_HOST (127.0.0.1)
 *   BULKHEAD_GATEWAY_WORKERS (1: node:cluster workers on the port)  BULKHEAD_GATEWAY_DRAIN_MS (30000)
 *   BULKHEAD_METRICS_TOKEN (/metrics on the public port with this bearer token; unset: not served there)
 *   BULKHEAD_GATEWAY_METRICS_PORT, BULKHEAD_GATEWAY_METRICS_HOST (127.0.0.1): /metrics without a token
 *   `--workers N` and `--port N` override the variables.
 */
import { parseArgs } from 'node:util';
import { env } from '@/lib/env';
import { runGatewayProcess } from '@/lib/gateway/gateway-process';
import { assertKmsConfigured } from '@/lib/kms';

const { values } = parseArgs({ options: { port: { type: 'string' }, workers: { type: 'string' } } });
const port = Number(values.port ?? process.env.BULKHEAD_GATEWAY_PORT ?? 4700);
const workers = Number(values.workers ?? process.env.BULKHEAD_GATEWAY_WORKERS ?? 1);
const drainTimeoutMs = Number(process.env.BULKHEAD_GATEWAY_DRAIN_MS ?? 30_000);

async function main() {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`The gateway port is not a port: ${port}`);
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`BULKHEAD_GATEWAY_WORKERS must be a whole number of at least 1, not ${workers}`);
  // Fail at start, naming the variable, rather than on the first request.
  void env.appDatabaseUrl;
  void env.platformDatabaseUrl;
  void env.metricsToken;
  assertKmsConfigured();
  const metricsPort = env.gatewayMetricsPort;
  await runGatewayProcess({
    port,
    host: process.env.BULKHEAD_GATEWAY_HOST ?? '127.0.0.1',
    workers,
    drainTimeoutMs,
    metrics: metricsPort ? { port: metricsPort, host: env.gatewayMetricsHost } : undefined,
    onListening: (url) => console.log(`Bulkhead gateway: ${url}/v1 (${workers} ${workers === 1 ? 'process' : 'workers'})`),
  });
}

main().catch((error: unknown) => {
  console.error(`Could not start the gateway: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
