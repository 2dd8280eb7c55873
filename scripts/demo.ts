/**
 * `npm run demo`: the console with demo data on this machine, nothing configured.
 * Starts embedded PostgreSQL (or uses DATABASE_URL), migrates, seeds, moves each demo tenant's data
 * to the tiers its policy requires, builds and serves the console on http://127.0.0.1:3000, prints
 * the demo sign-ins, and runs the placement worker beside it (tier changes saved in the console are
 * carried out within seconds).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { seedDemoData } from '@/prisma/seed';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { convergePlacements } from '@/lib/placement/converge-placements';
import { setProcessName } from '@/lib/db/process-identity';
import { describeConvergeOutcome, startPlacementWorker } from '@/lib/placement/placement-worker';
import { startLocalStack } from './services/local-stack';
import { dataDir, repoRoot } from './services/paths';
import { runCommand } from './services/run-command';

const port = Number(process.env.PORT ?? 3000);

async function main() {
  const stack = await startLocalStack({
    dataDir,
    postgresPort: Number(process.env.BULKHEAD_PG_PORT ?? 54329),
    database: 'bulkhead',
    kmsPort: Number(process.env.BULKHEAD_KMS_PORT ?? 4599),
    modelPort: Number(process.env.BULKHEAD_MODEL_PORT ?? 4600),
  });
  Object.assign(process.env, stack.appEnv);
  const passwords = await seedDemoData();
  // The worker moves data as the owner role; the console never gets that URL (serverEnv below).
  process.env.BULKHEAD_OWNER_DATABASE_URL = stack.urls.ownerUrl;
  // Nothing writes yet, so no drain wait.
  await convergePlacements({ drainMs: 0, onOutcome: (outcome) => console.log(describeConvergeOutcome(outcome)) });
  await disconnectAllPrismaClients();

  if (process.env.BULKHEAD_SKIP_BUILD !== '1') await runCommand('npx', ['next', 'build'], stack.appEnv);

  const { BULKHEAD_OWNER_DATABASE_URL: _ownerUrl, ...serverEnv } = { ...process.env, ...stack.appEnv };
  const server = spawn('npx', ['next', 'start', '-H', '127.0.0.1', '-p', String(port)], { cwd: repoRoot, stdio: 'inherit', env: serverEnv });
  printSignIns(passwords);
  setProcessName('placement worker');
  const worker = startPlacementWorker({ onOutcome: (outcome) => console.log(describeConvergeOutcome(outcome)) });

  const shutdown = async () => {
    server.kill('SIGTERM');
    // A move under way resumes at its step next time; do not hold the terminal for it.
    await Promise.race([worker.stop(), sleep(3_000)]);
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  server.on('exit', async (code) => {
    await Promise.race([worker.stop(), sleep(3_000)]);
    await stack.stop();
    process.exit(code ?? 0);
  });
}

function printSignIns(passwords: Record<string, string>) {
  console.log(`\nBulkhead console: http://127.0.0.1:${port}\n\nDemo sign-ins (also in ${path.relative(repoRoot, path.join(dataDir, 'demo-credentials.json'))}):`);
  for (const [email, password] of Object.entries(passwords)) console.log(`  ${email.padEnd(36)} ${password}`);
  console.log('');
}

main().catch((error) => {
  console.error(`Could not start the demo: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
