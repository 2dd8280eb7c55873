/**
 * `npm test`: every test, with nothing set up by hand. Starts a throwaway database (embedded
 * PostgreSQL under .data/test, or the server in DATABASE_URL), migrates and seeds it, runs the
 * unit and database tests with Node's test runner (after type-checking and linting when no files
 * are named), then builds the console and runs the Playwright specs in Debian's Chromium. `npm test -- --unit-only` skips the browser part;
 * `--e2e-only` skips to the browser part; `npm test -- path/to/file.test.ts` runs just those files, and
 * `npm test -- e2e/some.spec.ts` just those specs (after building the console).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { installPlacementAuditLog } from '@/lib/audit/store/install-placement-audit-log';
import { seedDemoData } from '@/prisma/seed';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { convergePlacements } from '@/lib/placement/converge-placements';
import { describeConvergeOutcome } from '@/lib/placement/placement-worker';
import { closePlacementPools } from '@/lib/placement/pool-registry-instance';
import { ensureChromium, chromiumPath } from './services/ensure-chromium';
import { findFiles } from './services/find-files';
import { startLocalStack } from './services/local-stack';
import { dataDir, repoRoot } from './services/paths';
import { runCommand } from './services/run-command';
import { waitForHttp } from './services/wait-for-http';

const args = process.argv.slice(2);
const isUnitOnly = args.includes('--unit-only');
const isE2eOnly = args.includes('--e2e-only');
const selectedFiles = args.filter((arg) => !arg.startsWith('--'));
const selectedSpecs = selectedFiles.filter((file) => file.endsWith('.spec.ts'));
const selectedTests = selectedFiles.filter((file) => !file.endsWith('.spec.ts'));
const testDataDir = path.join(dataDir, 'test');
const e2ePort = Number(process.env.BULKHEAD_E2E_PORT ?? 3100);

async function main() {
  installPlacementAuditLog();
  const runsBrowser = !isUnitOnly && (selectedFiles.length === 0 || selectedSpecs.length > 0);
  const runsNodeTests = !isE2eOnly && (selectedFiles.length === 0 || selectedTests.length > 0);
  if (runsBrowser) ensureChromium();

  const stack = await startLocalStack({
    dataDir: testDataDir,
    postgresPort: Number(process.env.BULKHEAD_TEST_PG_PORT ?? 54339),
    database: 'bulkhead_test',
    fresh: true,
    kmsPort: 0,
    modelPort: 0,
  });
  const stops = [stack.stop];
  try {
    Object.assign(process.env, stack.appEnv);
    await seedDemoData();
    // As `npm run demo` does: the demo tenants' data at the tiers their policy requires.
    process.env.BULKHEAD_OWNER_DATABASE_URL = stack.urls.ownerUrl;
    await convergePlacements({ drainMs: 0, onOutcome: (outcome) => outcome.error && console.log(describeConvergeOutcome(outcome)) });
    delete process.env.BULKHEAD_OWNER_DATABASE_URL;
    await closePlacementPools();
    await disconnectAllPrismaClients();
    const testEnv = { ...stack.appEnv, BULKHEAD_OWNER_DATABASE_URL: stack.urls.ownerUrl };

    if (runsNodeTests) {
      if (selectedFiles.length === 0) {
        console.log('\n▶ Type-checking the repository');
        await runCommand('npx', ['tsc', '--noEmit', '-p', '.']);
        console.log('\n▶ Linting (ESLint with the Next.js rules) and checking import boundaries (dependency-cruiser)');
        await runCommand('npm', ['run', '--silent', 'lint']);
        console.log('\n▶ Checking formatting (Prettier; `npm run format` rewrites what differs)');
        await runCommand('npx', ['prettier', '--check', '--log-level', 'warn', '.']);
      }
      const files = selectedTests.length ? selectedTests : findFiles(repoRoot, ['lib', 'scripts', 'prisma', 'app'], ['.test.ts']);
      console.log(`\n▶ ${files.length} test files with Node's test runner`);
      // Node tests only (never the console under test) get the superuser URL, to remove a protection and prove a check fails.
      await runCommand(process.execPath, ['--import', 'tsx', '--import', './lib/testing/process-setup.ts', '--test', '--test-concurrency=2', ...files], {
        ...testEnv,
        BULKHEAD_ADMIN_DATABASE_URL: stack.adminUrl,
      });
    }

    if (runsBrowser) {
      // BULKHEAD_SKIP_BUILD=1 reuses the last build (after changing only spec files).
      if (process.env.BULKHEAD_SKIP_BUILD === '1') console.log('\n▶ Reusing the last build of the console (BULKHEAD_SKIP_BUILD=1)');
      else {
        console.log('\n▶ Building the console for the browser tests');
        await runCommand('npx', ['next', 'build'], stack.appEnv);
      }
      const server = spawn('npx', ['next', 'start', '-H', '127.0.0.1', '-p', String(e2ePort)], {
        cwd: repoRoot,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, ...stack.appEnv },
        detached: true,
      });
      stops.unshift(async () => void process.kill(-server.pid!, 'SIGTERM'));
      const baseUrl = `http://127.0.0.1:${e2ePort}`;
      await waitForHttp(`${baseUrl}/login`);
      console.log('\n▶ Playwright specs in Chromium');
      // The chosen specs go to the config, which keeps the projects' order (see e2e/playwright.config.ts).
      await runCommand('npx', ['playwright', 'test', '-c', 'e2e/playwright.config.ts', '--output', path.join(testDataDir, 'test-results')], {
        ...testEnv,
        BULKHEAD_E2E_SPECS: selectedSpecs.join(','),
        BULKHEAD_E2E_BASE_URL: baseUrl,
        BULKHEAD_CHROMIUM: chromiumPath,
      });
    }
  } finally {
    for (const stop of stops) await stop().catch(() => {});
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`\nTests failed: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  },
);
