/**
 * `npm run demo`: the console with demo data on this machine, nothing configured.
 * Starts embedded PostgreSQL (or uses DATABASE_URL), migrates, seeds, moves each demo tenant's data
 * to the tiers its policy requires, builds and serves the console on http://127.0.0.1:3000, prints
 * the demo sign-ins, and runs the placement worker beside it (tier changes saved in the console are
 * carried out within seconds). Each demo tenant gets a prompt configuration, knowledge-base documents
 * and, once the console is up, a short history of traffic through the gateway. The gateway service
 * (`npm run gateway`, the OpenAI-compatible API for tenant API keys) runs beside the console on
 * BULKHEAD_GATEWAY_PORT (4700), its Prometheus metrics on BULKHEAD_GATEWAY_METRICS_PORT (9464,
 * loopback, no token). Server logs print as readable lines here (BULKHEAD_LOG_PRETTY=1; set it to 0
 * for the JSON lines production gets). SIGINT or SIGTERM to this process stops everything it started.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { installPlacementAuditLog } from '@/lib/audit/store/install-placement-audit-log';
import { seedDemoData } from '@/prisma/seed';
import { seedDemoContent, sendDemoTraffic } from '@/prisma/seed-content';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { convergePlacements } from '@/lib/placement/converge-placements';
import { upgradeAllPlacements } from '@/lib/placement/upgrade-placements';
import { setProcessName } from '@/lib/db/process-identity';
import { describeConvergeOutcome, startPlacementWorker } from '@/lib/placement/placement-worker';
import { assertPortsFree } from './services/check-ports';
import { startLocalStack } from './services/local-stack';
import { dataDir, repoRoot } from './services/paths';
import { runCommand } from './services/run-command';
import { waitForHttp } from './services/wait-for-http';

const port = Number(process.env.PORT ?? 3000);
const gatewayPort = Number(process.env.BULKHEAD_GATEWAY_PORT ?? 4700);
const metricsPort = Number(process.env.BULKHEAD_GATEWAY_METRICS_PORT ?? 9464);
process.env.BULKHEAD_LOG_PRETTY ??= '1';

async function main() {
  installPlacementAuditLog();
  const ports = {
    postgresPort: Number(process.env.BULKHEAD_PG_PORT ?? 54329),
    kmsPort: Number(process.env.BULKHEAD_KMS_PORT ?? 4599),
    modelPort: Number(process.env.BULKHEAD_MODEL_PORT ?? 4600),
  };
  await assertPortsFree({
    'the console': port,
    'the gateway': gatewayPort,
    "the gateway's metrics": metricsPort,
    ...(process.env.DATABASE_URL ? {} : { 'embedded PostgreSQL': ports.postgresPort }),
    'the local KMS': ports.kmsPort,
    'the local model': ports.modelPort,
  });
  const stack = await startLocalStack({ dataDir, database: 'bulkhead', ...ports });
  // From here on a signal stops what has been started so far, whatever step the demo is at.
  const started: { stopServer?: () => void; stopGateway?: () => void; worker?: { stop(): Promise<void> } } = {};
  const shutdown = async (code = 0) => {
    started.stopServer?.();
    started.stopGateway?.();
    // A move under way resumes at its step next time; do not hold the terminal for it.
    if (started.worker) await Promise.race([started.worker.stop(), sleep(3_000)]);
    await stack.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  Object.assign(process.env, stack.appEnv);
  const passwords = await seedDemoData();
  // The worker moves data as the owner role; the console never gets that URL (serverEnv below).
  process.env.BULKHEAD_OWNER_DATABASE_URL = stack.urls.ownerUrl;
  // Nothing writes yet, so no drain wait.
  await convergePlacements({ drainMs: 0, onOutcome: (outcome) => console.log(describeConvergeOutcome(outcome)) });
  // A data directory from an earlier version: its placements get the newest data-plane migrations and grants.
  const upgrades = await upgradeAllPlacements();
  for (const failed of upgrades.filter((outcome) => outcome.error)) console.error(`Upgrading ${failed.location} failed: ${failed.error}`);
  await seedDemoContent();
  await disconnectAllPrismaClients();

  if (process.env.BULKHEAD_SKIP_BUILD !== '1') await runCommand('npx', ['next', 'build'], stack.appEnv);

  const { BULKHEAD_OWNER_DATABASE_URL: _ownerUrl, ...serverEnv } = { ...process.env, ...stack.appEnv };
  // Its own process group: npx starts next-server as a child, and stopping npx alone would leave it holding the port.
  const server = spawn('npx', ['next', 'start', '-H', '127.0.0.1', '-p', String(port)], { cwd: repoRoot, stdio: 'inherit', env: serverEnv, detached: true });
  started.stopServer = () => {
    try {
      process.kill(-server.pid!, 'SIGTERM');
    } catch {
      // Already gone.
    }
  };
  process.on('exit', started.stopServer);
  server.on('exit', (code) => void shutdown(code ?? 0));
  const gateway = spawn(process.execPath, ['--import', 'tsx', 'scripts/gateway.ts', '--port', String(gatewayPort)], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...serverEnv, BULKHEAD_GATEWAY_METRICS_PORT: String(metricsPort) },
  });
  started.stopGateway = () => gateway.kill('SIGTERM');
  process.on('exit', started.stopGateway);
  printSignIns(passwords);
  setProcessName('placement worker');
  started.worker = startPlacementWorker({ onOutcome: (outcome) => console.log(describeConvergeOutcome(outcome)) });

  try {
    await waitForHttp(`http://127.0.0.1:${port}/login`);
    await waitForHttp(`http://127.0.0.1:${gatewayPort}/healthz`);
    const { apiKeys } = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8'));
    const traffic = await sendDemoTraffic(`http://127.0.0.1:${gatewayPort}/v1`, apiKeys ?? {});
    if (traffic.sent > 0) console.log(`Demo traffic: ${traffic.sent} requests through the gateway, ${traffic.blocked} extraction attempts blocked.`);
  } catch (error) {
    console.error(`Demo traffic not sent: ${error instanceof Error ? error.message : error}`);
  }
}

function printSignIns(passwords: Record<string, string>) {
  console.log(`\nBulkhead console: http://127.0.0.1:${port}`);
  console.log(
    `Bulkhead gateway (OpenAI-compatible, tenant API keys): http://127.0.0.1:${gatewayPort}/v1\nGateway metrics (Prometheus): http://127.0.0.1:${metricsPort}/metrics\n\nDemo sign-ins (also in ${path.relative(repoRoot, path.join(dataDir, 'demo-credentials.json'))}):`,
  );
  for (const [email, password] of Object.entries(passwords)) console.log(`  ${email.padEnd(36)} ${password}`);
  console.log('');
}

main().catch((error) => {
  console.error(`Could not start the demo: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
