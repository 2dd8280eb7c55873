/**
 * `npm run demo`: the console with demo data on this machine, nothing configured.
 * Starts embedded PostgreSQL (or uses DATABASE_URL), migrates, seeds, builds and serves
 * the console on http://127.0.0.1:3000, and prints the demo sign-ins.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { seedDemoData } from '@/prisma/seed';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
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
  await disconnectAllPrismaClients();

  if (process.env.BULKHEAD_SKIP_BUILD !== '1') await runCommand('npx', ['next', 'build'], stack.appEnv);

  const server = spawn('npx', ['next', 'start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, ...stack.appEnv },
  });
  printSignIns(passwords);

  const shutdown = async () => {
    server.kill('SIGTERM');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  server.on('exit', async (code) => {
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
