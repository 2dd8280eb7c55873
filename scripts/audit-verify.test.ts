import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { exportPublicKey, generateCheckpointKeyPair } from '@/lib/audit/checkpoint-key';
import { buildCheckpoint } from '@/lib/audit/checkpoint';
import { formatCheckpointLine, formatEventLine } from '@/lib/audit/export-format';
import { buildNextEvent } from '@/lib/audit/hash-chain';
import { buildChain, makeFields, rehashFrom, renderExport, START, TENANT_A, TENANT_B } from '@/lib/audit/test-fixtures';
import { verifyExportFile, type VerifyExportOptions } from '@/lib/audit/verify-export-file';
import { repoRoot } from './services/paths';

// Tamper cases done to an export file as an attacker would edit it, then verified offline. A 40-event
// export: header on line 1, seq n on line n + 1, checkpoints (seq 10, 20, 30, 40) on lines 42 to 45,
// the seal on line 46.
const chain = buildChain({ length: 40, checkpointEvery: 10 });
const lines = renderExport(chain).trimEnd().split('\n');
const lineOfSeq = (seq: number) => seq; // index into `lines` (0 is the header)
const directory = mkdtempSync(path.join(tmpdir(), 'audit-verify-'));
after(() => rmSync(directory, { recursive: true, force: true }));

let fileCount = 0;
function writeExport(fileLines: string[]): string {
  const file = path.join(directory, `export-${++fileCount}.jsonl`);
  writeFileSync(file, `${fileLines.join('\n')}\n`);
  return file;
}

async function assertFailure(fileLines: string[], expected: { kind: string; seq: number | null; line: number | null }, options?: VerifyExportOptions) {
  assert.notDeepEqual(fileLines, lines, 'the tamper changed nothing');
  const verification = await verifyExportFile(writeExport(fileLines), options);
  assert.equal(verification.ok, false, `expected ${expected.kind}, but the export verified`);
  const { kind, seq, line } = verification.failure!;
  assert.deepEqual({ kind, seq, line }, expected, verification.failure!.detail);
}

function runCli(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts', ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('audit:verify on an export file', () => {
  test('positive control: the untampered export verifies', async () => {
    const verification = await verifyExportFile(writeExport(lines), { pinnedPublicKey: exportPublicKey(chain.publicKey) });
    assert.equal(verification.ok, true, verification.failure?.detail);
    assert.equal(verification.isPublicKeyPinned, true);
    assert.deepEqual([verification.result?.eventCount, verification.result?.checkpointCount], [40, 4]);
  });

  test('an edited middle event: hash_mismatch on its line', async () => {
    const edited = [...lines];
    edited[lineOfSeq(17)] = edited[lineOfSeq(17)].replace('"note":"event 17"', '"note":"event 71"');
    await assertFailure(edited, { kind: 'hash_mismatch', seq: 17, line: 18 });
  });

  test('a deleted event: gap, named on the line after the hole', async () => {
    await assertFailure(
      lines.filter((_, index) => index !== lineOfSeq(17)),
      { kind: 'gap', seq: 17, line: 18 },
    );
  });

  test('two swapped events: out_of_order', async () => {
    const swapped = [...lines];
    [swapped[lineOfSeq(17)], swapped[lineOfSeq(18)]] = [swapped[lineOfSeq(18)], swapped[lineOfSeq(17)]];
    await assertFailure(swapped, { kind: 'out_of_order', seq: 17, line: 19 });
  });

  test('a forged event with a valid hash inserted: duplicate', async () => {
    const forged = buildNextEvent(chain.events[16], makeFields(TENANT_A, 99, { outcome: 'success' }), new Date(START + 17_500));
    const inserted = [...lines.slice(0, 18), formatEventLine(forged).trimEnd(), ...lines.slice(18)];
    await assertFailure(inserted, { kind: 'duplicate', seq: 18, line: 20 });
  });

  test('the last 5 events dropped: truncated_tail, named at the checkpoint that proves it', async () => {
    const dropped = [...lines.slice(0, 36), ...lines.slice(41)];
    await assertFailure(dropped, { kind: 'truncated_tail', seq: 36, line: 40 });
  });

  test('an older copy of the whole export: verifies alone, rolled_back against the checkpoint kept from before', async () => {
    const older = renderExport({ ...chain, events: chain.events.slice(0, 25), checkpoints: chain.checkpoints.slice(0, 2) })
      .trimEnd()
      .split('\n');
    assert.equal((await verifyExportFile(writeExport(older))).ok, true);
    await assertFailure(older, { kind: 'rolled_back', seq: 26, line: null }, { trustedCheckpoint: chain.checkpoints[3] });
  });

  test("another tenant's event: wrong_tenant", async () => {
    const other = buildChain({ tenantId: TENANT_B, length: 20, keys: chain });
    const spliced = [...lines];
    spliced[lineOfSeq(12)] = formatEventLine(other.events[11]).trimEnd();
    await assertFailure(spliced, { kind: 'wrong_tenant', seq: 12, line: 13 });
  });

  test('an edited checkpoint: bad_signature on its line', async () => {
    const edited = [...lines];
    edited[43] = formatCheckpointLine({ ...chain.checkpoints[2], headHash: chain.events[28].hash }).trimEnd();
    await assertFailure(edited, { kind: 'bad_signature', seq: 30, line: 44 });
  });

  test('a rewritten export re-signed with the attacker key: caught only by the pinned key', async () => {
    const attacker = generateCheckpointKeyPair();
    const events = rehashFrom(
      chain.events.map((event) => (event.seq === 17 ? { ...event, outcome: 'success' as const } : event)),
      16,
    );
    const checkpoints = [10, 20, 30, 40].reduce<ReturnType<typeof buildCheckpoint>[]>((signed, seq) => {
      const head = events[seq - 1];
      return [
        ...signed,
        buildCheckpoint({
          tenantId: TENANT_A,
          head,
          previous: signed.at(-1) ?? null,
          privateKey: attacker.privateKey,
          now: new Date(Date.parse(head.time) + 500),
        }),
      ];
    }, []);
    const forged = renderExport({ events, checkpoints, publicKey: attacker.publicKey, privateKey: attacker.privateKey }).trimEnd().split('\n');
    assert.equal((await verifyExportFile(writeExport(forged))).isPublicKeyPinned, false);
    await assertFailure(forged, { kind: 'untrusted_key', seq: null, line: 1 }, { pinnedPublicKey: exportPublicKey(chain.publicKey) });
  });

  test('a partial export (a time range starting mid-chain) verifies from its first prevHash', async () => {
    const partial = renderExport(
      { ...chain, events: chain.events.slice(14, 35), checkpoints: chain.checkpoints },
      { from: chain.events[14].time, to: chain.events[34].time },
    )
      .trimEnd()
      .split('\n');
    const verification = await verifyExportFile(writeExport(partial));
    assert.equal(verification.ok, true, verification.failure?.detail);
    assert.deepEqual([verification.result?.firstSeq, verification.result?.verifiedThroughSeq, verification.result?.signedThroughSeq], [15, 35, 30]);
    const withoutRange = [JSON.stringify({ ...JSON.parse(partial[0]), from: null }), ...partial.slice(1)];
    await assertFailure(withoutRange, { kind: 'gap', seq: 1, line: 2 });
  });

  test('the last 10 events cut together with the checkpoints after them: the seal says what is missing', async () => {
    const cut = [...lines.slice(0, lineOfSeq(30) + 1), ...lines.slice(41, 44), lines.at(-1)!];
    // Without the seal this would be a whole chain of 30 events and 3 checkpoints: the attack of the finding.
    await assertFailure(cut, { kind: 'format', seq: null, line: cut.length });
    const verification = await verifyExportFile(writeExport(cut));
    assert.match(verification.failure!.detail, /eventCount is 30 in the file but 40 in its seal/);
  });

  test('a file cut anywhere, seal included, fails: the last line must be the seal', async () => {
    for (const keep of [lineOfSeq(30) + 1, 41, 44]) {
      const verification = await verifyExportFile(writeExport(lines.slice(0, keep)));
      assert.equal(verification.ok, false, `cut after line ${keep}`);
      assert.match(verification.failure!.detail, /should be the seal, but the file ends before it/);
    }
  });

  test('a seal edited to match a cut file fails its signature', async () => {
    const cut = [...lines.slice(0, lineOfSeq(30) + 1), ...lines.slice(41, 44)];
    const seal = JSON.parse(lines.at(-1)!);
    const forgedSeal = JSON.stringify({ ...seal, eventCount: 30, lastSeq: 30, lastHash: chain.events[29].hash, checkpointCount: 3 });
    await assertFailure([...cut, forgedSeal], { kind: 'format', seq: null, line: cut.length + 1 });
  });

  test('an event dated outside the header range is refused', async () => {
    const partial = renderExport({ ...chain, events: chain.events.slice(14) }, { from: chain.events[15].time, to: null })
      .trimEnd()
      .split('\n');
    await assertFailure(partial, { kind: 'format', seq: null, line: 2 });
  });
});

describe('the audit-verify command', () => {
  const good = writeExport(lines);

  test('exits 0 and says what it verified', () => {
    const run = runCli(good, '--public-key', exportPublicKey(chain.publicKey));
    assert.equal(run.code, 0, run.stderr);
    const head = chain.events[39].hash;
    assert.match(run.stdout, new RegExp(`^verified 40 events of tenant ${TENANT_A} through seq 40, head ${head}, 4 checkpoints$`, 'm'));
    assert.doesNotMatch(run.stdout, /not pinned/);
  });

  test('exits 1 naming the first bad record', () => {
    const edited = [...lines];
    edited[lineOfSeq(17)] = edited[lineOfSeq(17)].replace('"outcome":"success"', '"outcome":"denied"');
    const run = runCli(writeExport(edited));
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^FAILED: line 18, seq 17: hash_mismatch: /m);
  });

  test('keeps a checkpoint, and with it fails an older copy later', () => {
    const saved = path.join(directory, 'trusted.json');
    assert.equal(runCli(good, '--save-checkpoint', saved).code, 0);
    const older = writeExport(
      renderExport({ ...chain, events: chain.events.slice(0, 25), checkpoints: chain.checkpoints.slice(0, 2) })
        .trimEnd()
        .split('\n'),
    );
    assert.equal(runCli(older).code, 0, 'the older copy alone verifies');
    const run = runCli(older, '--trusted-checkpoint', saved);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^FAILED: seq 26: rolled_back: /m);
  });

  test("without a pinned key it warns that the key is only the file's own claim; --require-pinned-key refuses to run without one", () => {
    const unpinned = runCli(good);
    assert.equal(unpinned.code, 0);
    assert.match(unpinned.stderr, /WARNING: this export was verified against the key it carries itself/);
    assert.doesNotMatch(runCli(good, '--public-key', exportPublicKey(chain.publicKey)).stderr, /WARNING/, 'positive control: no warning once pinned');
    const required = runCli(good, '--require-pinned-key');
    assert.equal(required.code, 2);
    assert.match(required.stderr, /--require-pinned-key: pass the platform's checkpoint key with --public-key/);
    assert.equal(runCli(good, '--require-pinned-key', '--public-key', exportPublicKey(chain.publicKey)).code, 0);
  });

  test('exits 2 for bad arguments or an unreadable file, without echoing control characters', () => {
    assert.equal(runCli().code, 2);
    const missing = runCli(path.join(directory, 'missing\u001b[31m.jsonl'));
    assert.equal(missing.code, 2);
    assert.ok(!missing.stderr.includes('\u001b'));
    assert.equal(runCli(good, '--frobnicate').code, 2);
  });
});
