import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../services/paths';
import type { ChaosReport } from './run-chaos';

// `npm run chaos -- --short` as a real process, with its own two PostgreSQL servers (ports next to the test
// server's, or BULKHEAD_CHAOS_TEST_PG_PORT and the port 10 above it) and free ports for the rest.
// It asserts the guarantees, never speeds: the machine running the tests is slow and shared.
const testPgPort = Number(process.env.BULKHEAD_TEST_PG_PORT ?? 54339);
const chaosPgPort = Number(process.env.BULKHEAD_CHAOS_TEST_PG_PORT ?? testPgPort + 320);

test('the short chaos run keeps every guarantee, and each fault really bit', { timeout: 15 * 60_000 }, async () => {
  const jsonFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'bulkhead-chaos-')), 'report.json');
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/chaos.ts', '--short', '--json', jsonFile], {
    cwd: repoRoot,
    env: {
      ...process.env,
      BULKHEAD_CHAOS_DATA_DIR: 'chaos-test',
      BULKHEAD_CHAOS_PG_PORT: String(chaosPgPort),
      BULKHEAD_CHAOS_SECOND_PG_PORT: String(chaosPgPort + 10),
      BULKHEAD_CHAOS_KMS_PORT: '0',
      BULKHEAD_CHAOS_MODEL_PORT: '0',
      BULKHEAD_CHAOS_DEDICATED_MODEL_PORT: '0',
      BULKHEAD_CHAOS_GATEWAY_PORTS: '0,0,0,0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exitCode = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const report = JSON.parse(readFileSync(jsonFile, 'utf8')) as ChaosReport & { broken: string[] };

  assert.deepEqual(report.broken, [], output.slice(-6_000));
  assert.equal(exitCode, 0);
  const fault = (name: string) => report.faults.find((row) => row.name.startsWith(name))!;
  // Positive controls: each fault failed the requests it should, so a clean count means something.
  for (const name of ['PostgreSQL restart', 'second server', 'upstream returns 5xx', 'upstream sends garbled', 'upstream truncates']) {
    assert.ok(fault(name).failedAsAllowed > 0, `${name}: no request failed, so the fault never bit`);
  }
  assert.ok(fault('second server').unaffectedAnswered > 0, 'tenants on the first server were served while the second was down');
  assert.ok(report.total.audit.withContent > 1_000, 'answers were counted against their audit events');
  assert.ok(report.isolation.answered > report.isolation.requests / 2, 'the pooled run was answered');
  assert.equal(report.isolation.withoutOwnRow, 0, "every pooled answer quoted its own tenant's row");
  assert.deepEqual(report.unverifiedChains, []);
});
