import { startLocalModel } from './server';
import { startTrivialUpstream } from './trivial-upstream';

/**
 * Runs the local model simulator on 127.0.0.1:$BULKHEAD_MODEL_PORT (default 4600).
 * `--trivial` runs the benchmark's trivial upstream instead. Optional
 * `BULKHEAD_MODEL_API_KEY` makes the simulator require exactly that bearer key.
 *
 *   node --import tsx scripts/local-model/main.ts [--trivial]
 */
async function main() {
  const port = Number(process.env.BULKHEAD_MODEL_PORT ?? 4600);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`BULKHEAD_MODEL_PORT is not a port: ${process.env.BULKHEAD_MODEL_PORT}`);
  const isTrivial = process.argv.includes('--trivial');
  const server = isTrivial ? await startTrivialUpstream({ port }) : await startLocalModel({ port, apiKey: process.env.BULKHEAD_MODEL_API_KEY || undefined });
  console.log(`[local-model] ${isTrivial ? 'trivial upstream' : 'local simulator'} listening on ${server.url}/v1`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error('[local-model] failed to start:', error);
  process.exit(1);
});
