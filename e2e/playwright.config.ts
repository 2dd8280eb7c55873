import { defineConfig } from '@playwright/test';

// The server is started by scripts/test.ts (npm test); this file only describes the browser.

/**
 * Console-wide settings some specs change (password sign-in switched off) would break the specs
 * running beside them: those run in a project that depends on every other one, so they run last,
 * and a teardown project puts the setting back. scripts/test.ts passes the specs chosen on its
 * command line in BULKHEAD_E2E_SPECS (not as file filters, which Playwright does not apply to
 * dependencies), so choosing one spec runs just that one, still in its place.
 */
const RUNS_LAST = 'password-sign-in-off.spec.ts';
const chosenFiles = (process.env.BULKHEAD_E2E_SPECS ?? '').split(',').filter(Boolean);
const chosen = chosenFiles.length > 0 ? chosenFiles.map((file) => file.split('/').pop()!) : undefined;
const consoleSpecs = chosen ? chosen.filter((file) => file !== RUNS_LAST).map((file) => `**/${file}`) : ['**/*.spec.ts'];
const runsLastProject = !chosen || chosen.includes(RUNS_LAST);

export default defineConfig({
  testDir: '.',
  projects: [
    { name: 'console', testMatch: consoleSpecs, testIgnore: `**/${RUNS_LAST}` },
    ...(runsLastProject
      ? [
          { name: 'password-sign-in-off', testMatch: `**/${RUNS_LAST}`, dependencies: ['console'], teardown: 'restore-password-sign-in' },
          { name: 'restore-password-sign-in', testMatch: '**/restore-password-sign-in.teardown.ts' },
        ]
      : []),
  ],
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: process.env.BULKHEAD_E2E_BASE_URL ?? 'http://127.0.0.1:3100',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.BULKHEAD_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
});
