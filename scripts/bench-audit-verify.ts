/**
 * `npm run bench:audit-verify [-- --events 1000000 --database-only | --no-database]`: how fast the audit
 * chain verifies, in events/s. Generates one tenant's chain (checkpoint every 10 000 events), then times
 * three paths, best of three runs each: verifyChain over an array, over an async iterable (how a DB
 * cursor feeds it), and the offline verifier end to end on a JSONL export file (two passes, JSON parse,
 * strict schema). Then the path the console and `audit:verify` take: verifyTenantChain on a chain of the
 * same size seeded into a throwaway embedded PostgreSQL (scripts/bench-audit/measure-database-verification.ts).
 * Target: >= 200 000 events/s. Prints the load average before and after: compare runs only when the
 * machine was quiet.
 */
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { buildCheckpoint, type Checkpoint } from '@/lib/audit/checkpoint';
import { exportPublicKey, generateCheckpointKeyPair } from '@/lib/audit/checkpoint-key';
import type { AuditEvent } from '@/lib/audit/event';
import { formatCheckpointLine, formatEventLine, formatHeaderLine } from '@/lib/audit/export-format';
import { computeEventHash, GENESIS_HASH } from '@/lib/audit/hash-chain';
import { verifyChain } from '@/lib/audit/verify-chain';
import { verifyExportFile } from '@/lib/audit/verify-export-file';
import { measureDatabaseVerification } from './bench-audit/measure-database-verification';

const TARGET = 200_000;
const tenantId = '0a0a0a0a-0000-4000-8000-00000000000a';
const eventCount = Number(readOption('--events') ?? 1_000_000);
const checkpointEvery = 10_000;
const keys = generateCheckpointKeyPair();

async function main() {
  console.log(`node ${process.version}, ${eventCount.toLocaleString('en')} events, checkpoint every ${checkpointEvery.toLocaleString('en')}`);
  printLoadAverage();
  if (!process.argv.includes('--database-only')) await measureInMemory();
  if (!process.argv.includes('--no-database')) await measureDatabase();
  printLoadAverage();
  console.log(`\npeak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
}

async function measureInMemory() {
  const started = performance.now();
  const { events, checkpoints } = generateChain();
  console.log(`generated in ${formatSeconds(performance.now() - started)} s\n`);
  const options = { tenantId, checkpoints, publicKey: keys.publicKey };

  await measure('verifyChain, array', async () => assertOk(await verifyChain(events, options)));
  await measure('verifyChain, async iterable', async () => assertOk(await verifyChain(streamEvents(events), options)));

  const directory = mkdtempSync(path.join(tmpdir(), 'bench-audit-'));
  try {
    const file = await writeExportFile(path.join(directory, 'export.jsonl'), events, checkpoints);
    console.log(`  (export file: ${(statSync(file).size / 1024 / 1024).toFixed(0)} MiB)`);
    // The command holds no events in memory; a million live ones would slow its garbage collector.
    events.length = 0;
    await measure('offline verifier, JSONL file', async () => {
      const verification = await verifyExportFile(file, { pinnedPublicKey: exportPublicKey(keys.publicKey) });
      if (!verification.ok) throw new Error(`the export did not verify: ${verification.failure?.detail}`);
    });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

async function measureDatabase() {
  console.log(`\nseeding ${eventCount.toLocaleString('en')} events into PostgreSQL for verifyTenantChain…`);
  const result = await measureDatabaseVerification({ events: eventCount, rounds: 3, log: (line) => console.log(line) });
  const verdict = result.eventsPerSecond >= TARGET ? 'meets' : 'BELOW';
  console.log(`  (seeded in ${result.seedSeconds.toFixed(0)} s)`);
  console.log(
    `${'verifyTenantChain, database'.padEnd(30)} ${formatRate(result.eventsPerSecond)} events/s wall (runs ${result.runs.map(formatRate).join(', ')}), ` +
      `${formatRate(result.eventsPerCpuSecond)} per CPU-second of this process: ${verdict} the ${formatRate(TARGET)} target`,
  );
}

function printLoadAverage() {
  console.log(
    `load average ${loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')} (1, 5, 15 min) on ${availableParallelism()} cores`,
  );
}

/** Events shaped like the inference path's (a ~400-byte canonical body), hashed as the appender does. */
function generateChain(): { events: AuditEvent[]; checkpoints: Checkpoint[] } {
  const events: AuditEvent[] = [];
  const checkpoints: Checkpoint[] = [];
  let prevHash = GENESIS_HASH;
  const start = Date.UTC(2026, 0, 1);
  for (let seq = 1; seq <= eventCount; seq++) {
    const unhashed = {
      tenantId,
      actor: { type: 'api_key' as const, id: `key_${seq % 97}`, label: `service ${seq % 7}` },
      action: seq % 4 === 0 ? 'retrieval.read' : 'inference.request',
      target: `model:small-${seq % 3}`,
      requestId: `req_${(seq * 2654435761) % 2 ** 32}`,
      outcome: seq % 11 === 0 ? ('blocked' as const) : ('success' as const),
      // Keys in canonical order, as buildNextEvent stores them and as they read back from the store or an export.
      payload: {
        decision: { allowed: seq % 11 !== 0, step: 'policy' },
        latencyMs: (seq % 5000) / 10,
        promptTokens: 100 + (seq % 900),
        rules: ['pii.email', 'jailbreak.dan'],
      },
      seq,
      time: new Date(start + seq * 10).toISOString(),
      prevHash,
    };
    const event = { ...unhashed, hash: computeEventHash(unhashed) };
    events.push(event);
    prevHash = event.hash;
    if (seq % checkpointEvery === 0) {
      const now = new Date(start + seq * 10 + 5);
      checkpoints.push(buildCheckpoint({ tenantId, head: event, previous: checkpoints.at(-1) ?? null, privateKey: keys.privateKey, now }));
    }
  }
  return { events, checkpoints };
}

/**
 * Best of three runs, as wall-clock and as CPU-time rates: on a shared 2-core machine other processes
 * slow the wall clock, while CPU time (user + system of this process) shows what the code itself costs.
 */
async function measure(name: string, run: () => Promise<void>) {
  const wallRates: number[] = [];
  const cpuRates: number[] = [];
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    await run();
    const cpu = process.cpuUsage(cpuBefore);
    wallRates.push(eventCount / ((performance.now() - started) / 1000));
    cpuRates.push(eventCount / ((cpu.user + cpu.system) / 1e6));
  }
  const best = Math.max(...wallRates);
  const verdict = best >= TARGET ? 'meets' : 'BELOW';
  console.log(
    `${name.padEnd(30)} ${formatRate(best)} events/s wall (runs ${wallRates.map(formatRate).join(', ')}), ` +
      `${formatRate(Math.max(...cpuRates))} per CPU-second: ${verdict} the ${formatRate(TARGET)} target`,
  );
}

async function writeExportFile(file: string, events: AuditEvent[], checkpoints: Checkpoint[]): Promise<string> {
  const out = createWriteStream(file);
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write(formatHeaderLine({ tenantId, from: null, to: null, publicKey: exportPublicKey(keys.publicKey), exportedAt: new Date().toISOString() }));
  for (const event of events) await write(formatEventLine(event));
  for (const checkpoint of checkpoints) await write(formatCheckpointLine(checkpoint));
  out.end();
  await once(out, 'finish');
  return file;
}

async function* streamEvents(events: AuditEvent[]) {
  yield* events;
}

function assertOk(result: { ok: boolean; eventCount: number; firstProblem?: { detail: string } }) {
  if (!result.ok || result.eventCount !== eventCount) throw new Error(`the chain did not verify: ${result.firstProblem?.detail}`);
}

function readOption(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

function formatRate(rate: number) {
  return Math.round(rate).toLocaleString('en');
}

function formatSeconds(ms: number) {
  return (ms / 1000).toFixed(1);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
