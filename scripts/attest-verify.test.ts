import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { buildStatement, publicKey, signed } from '@/lib/conformance/attestation/test-fixtures';

const directory = mkdtempSync(path.join(tmpdir(), 'attest-verify-'));
const runVerify = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/attest-verify.ts', ...args], { encoding: 'utf8' });

test('attest:verify accepts a signed attestation offline, pinned or not, and names the problem of an edited one', () => {
  const file = path.join(directory, 'attestation.json');
  const text = JSON.stringify(signed(buildStatement()), null, 2);
  writeFileSync(file, text);
  const unpinned = runVerify(file);
  assert.equal(unpinned.status, 0, unpinned.stdout + unpinned.stderr);
  assert.match(unpinned.stdout, /verified the attestation of tenant acme/);
  assert.match(unpinned.stdout, /13 of 13 checks passed/);
  assert.match(unpinned.stdout, /not pinned/);
  assert.equal(runVerify(file, '--public-key', publicKey).status, 0);

  const edited = path.join(directory, 'edited.json');
  writeFileSync(edited, text.replace('"observed": "o"', '"observed": "0"'));
  const failed = runVerify(edited);
  assert.equal(failed.status, 1);
  assert.match(failed.stdout, /FAILED: the signature does not match the statement/);
  assert.equal(runVerify().status, 2);
  assert.equal(runVerify(path.join(directory, 'missing.json')).status, 2);
});
