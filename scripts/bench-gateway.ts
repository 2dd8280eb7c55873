/**
 * `npm run bench:gateway`: requests per second and added latency of the gateway versus calling a
 * trivial upstream directly, at concurrency 16, with API-key auth, rate limiting, screening, retrieval
 * and the audit append all on, for a `namespace` tenant and a `schema_kms` tenant (its prompt, retrieval
 * and log layers in its own schema as its own role; log payloads encrypted under its own KMS key).
 * Targets, in one run on the same machine: the gateway service (`npm run gateway`, node:http), and the
 * console's Next.js route (`/api/v1/chat/completions` under `next start`, built into its own dist dir
 * BULKHEAD_NEXT_DIST_DIR, default .next-bench; BULKHEAD_SKIP_BUILD=1 reuses it; --skip-console leaves it out).
 * Besides latency it prints the CPU each request cost the target and PostgreSQL (from /proc), which
 * stays meaningful when other work on the machine skews the latency figures, the requests answered
 * and the audit events appended meanwhile (the heads of the tenants' chains), and the load average.
 * Reference rows, same run: each server's "floor" (the same route refused at authentication, 401
 * before the body is read) and, with --peer, Portkey's open-source gateway (fetched with npx)
 * proxying to the same upstream with no isolation work.
 * Options: --duration seconds (10), --connections (16), --peer, --workers N (the service with 1..N
 * node:cluster workers, a row each), --skip-console, --tenants N (N more schema_kms tenants, each
 * with its own roles, schemas and key, and a row with traffic spread round-robin over them; it
 * prints the most PostgreSQL sessions seen meanwhile beside the connection cap, and the KMS calls).
 * --keep-tenants keeps the database and the tenants made for it (their keys in .data/bench/tenants.json)
 * and reuses them on the next run with the same or fewer --tenants: provisioning 1,000 schema_kms
 * tenants takes tens of minutes, their measurement a minute. Kept tenants' placements are not
 * upgraded (make them afresh after a data-plane migration).
 * BULKHEAD_BENCH_CPU_PROFILE=<dir> writes a V8 CPU profile of the gateway service (one process) there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { getAuditChainStore } from '@/lib/audit/store/chain-store';
import { installPlacementAuditLog } from '@/lib/audit/store/install-placement-audit-log';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { measure, printRows, type CpuMeters, type LoadOptions, type Row } from './bench-gateway/measure';
import { createTenants, readKeptTenants, type Tenants } from './bench-gateway/bench-tenants';
import { measureSpreadWith, printSpreadFigures, type SpreadFigures, type SpreadTenant } from './bench-gateway/many-tenants';
import { startLocalStack } from './services/local-stack';
import { dataDir, repoRoot } from './services/paths';
import { runCommand } from './services/run-command';
import { waitForHttp } from './services/wait-for-http';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    peer: { type: 'boolean', default: false },
    workers: { type: 'string', default: '1' },
    'skip-console': { type: 'boolean', default: false },
    tenants: { type: 'string', default: '0' },
    'keep-tenants': { type: 'boolean', default: false },
  },
});
const load: LoadOptions = {
  seconds: Number(values.duration),
  connections: Number(values.connections),
  body: JSON.stringify({ model: 'sim-small', messages: [{ role: 'user', content: 'What is the refund window for annual plans?' }] }),
};
const maxWorkers = Number(values.workers);
const manyTenants = Number(values.tenants);
const distDir = process.env.BULKHEAD_NEXT_DIST_DIR || '.next-bench';
const consolePort = Number(process.env.BULKHEAD_BENCH_PORT ?? 3290);
const servicePort = Number(process.env.BULKHEAD_BENCH_GATEWAY_PORT ?? 4790);
const upstreamPort = Number(process.env.BULKHEAD_BENCH_UPSTREAM_PORT ?? 4690);
const peerPort = Number(process.env.BULKHEAD_BENCH_PEER_PORT ?? 8790);
const PEER_PACKAGE = '@portkey-ai/gateway@1.15.2';
const profileDir = process.env.BULKHEAD_BENCH_CPU_PROFILE;
const benchDataDir = path.join(dataDir, 'bench');
const BENCH_DATABASE = 'bulkhead_bench';
// Before each measured row, as long for every target: rows measure a long-running process, whose hot
// path V8 has optimised (the first tenant's row after 3 s still varied by a fifth between runs).
const WARM_UP_SECONDS = 5;
const keptTenantsFile = path.join(benchDataDir, 'tenants.json');

async function main() {
  installPlacementAuditLog();
  const kept = values['keep-tenants'] ? readKeptTenants(keptTenantsFile, manyTenants) : undefined;
  if (kept) console.log(`Reusing the ${kept.spread.length} tenants kept in ${path.relative(repoRoot, keptTenantsFile)}.`);
  const stack = await startLocalStack({
    dataDir: benchDataDir,
    postgresPort: Number(process.env.BULKHEAD_BENCH_PG_PORT ?? 54390),
    database: BENCH_DATABASE,
    fresh: !kept,
    // Kept tenants were placed by this checkout; visiting 3,000 placements to confirm it takes minutes.
    skipPlacementUpgrade: Boolean(kept),
    kmsPort: 0,
    modelPort: 0,
  });
  const children: ChildProcess[] = [];
  const loadBefore = os.loadavg();
  try {
    const upstreamUrl = `http://127.0.0.1:${upstreamPort}`;
    const appEnv = { ...stack.appEnv, BULKHEAD_LOCAL_MODEL_URL: upstreamUrl, BULKHEAD_NEXT_DIST_DIR: distDir };
    Object.assign(process.env, appEnv);
    const { tenants, spread: allSpread } =
      kept ?? (await createTenants({ count: manyTenants, ownerUrl: stack.urls.ownerUrl, adminUrl: stack.adminUrl, database: BENCH_DATABASE, keptTenantsFile }));
    const spread = allSpread.slice(0, manyTenants);

    children.push(
      spawnDetached(process.execPath, ['--import', 'tsx', 'scripts/local-model/main.ts', '--trivial'], {
        ...appEnv,
        BULKHEAD_MODEL_PORT: String(upstreamPort),
      }),
    );
    await waitForHttp(`${upstreamUrl}/v1/models`);
    const postmasterPid = Number(readFileSync(path.join(benchDataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);

    const direct = await measure('upstream directly', `${upstreamUrl}/v1/chat/completions`, {}, load);
    const rows: Row[] = [direct];
    let spreadFigures: SpreadFigures | undefined;
    if (values.peer) rows.push(...(await measurePeer(upstreamUrl, children)));

    for (let workers = 1; workers <= maxWorkers; workers += 1) {
      const flags = profileDir && workers === 1 ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : [];
      const service = spawnDetached(
        process.execPath,
        [...flags, '--import', 'tsx', 'scripts/gateway.ts', '--port', String(servicePort), '--workers', String(workers)],
        appEnv,
      );
      await waitForHttp(`http://127.0.0.1:${servicePort}/healthz`);
      const label = `gateway service${maxWorkers > 1 ? `, ${workers} worker${workers > 1 ? 's' : ''}` : ''}`;
      rows.push(...(await measureTarget(label, `http://127.0.0.1:${servicePort}/v1/chat/completions`, tenants, { gatewayGroup: service.pid!, postmasterPid })));
      if (workers === 1 && spread.length > 0) {
        const meters = { gatewayGroup: service.pid!, postmasterPid };
        spreadFigures = await measureSpread(
          `${label}, ${spread.length} schema_kms tenants round-robin`,
          `http://127.0.0.1:${servicePort}/v1/chat/completions`,
          spread,
          meters,
          stack.urls.ownerUrl,
        );
        rows.push(spreadFigures.row);
      }
      await stopDetached(service);
    }

    if (!values['skip-console']) {
      if (process.env.BULKHEAD_SKIP_BUILD !== '1') await runCommand('npx', ['next', 'build'], appEnv);
      const nextBin = path.join(repoRoot, 'node_modules', 'next', 'dist', 'bin', 'next');
      const consoleServer = spawnDetached(process.execPath, [nextBin, 'start', '-H', '127.0.0.1', '-p', String(consolePort)], appEnv);
      children.push(consoleServer);
      const consoleUrl = `http://127.0.0.1:${consolePort}/api/v1/chat/completions`;
      await waitForHttp(consoleUrl);
      rows.push(...(await measureTarget('console route (Next.js)', consoleUrl, tenants, { gatewayGroup: consoleServer.pid!, postmasterPid })));
    }

    console.log(`\nGateway benchmark: c=${load.connections}, ${load.seconds} s each, ${load.body.length}-byte chat request, audit + screening + retrieval on`);
    console.log(`Load average (1/5/15 min) before: ${format(loadBefore)}, after: ${format(os.loadavg())}; ${os.cpus().length} cores\n`);
    printRows(rows, direct);
    if (spreadFigures) printSpreadFigures(spreadFigures, rows);
    console.log(
      "\n(audit events: appended to the tenant's chain during the row; requests autocannon cut at the end of a row may be audited without being counted as answered.)",
    );
    if (!values.peer) console.log("(--peer adds Portkey's gateway measured in the same run.)");
  } finally {
    for (const child of children) await stopDetached(child);
    await disconnectAllPrismaClients();
    await stack.stop();
  }
}

/** The floor (401) and both tenants against one server. */
async function measureTarget(label: string, url: string, tenants: Tenants, meters: CpuMeters): Promise<Row[]> {
  await measure('warm-up floor', url, {}, { ...load, seconds: 2 });
  const rows: Row[] = [{ ...(await measure(`${label}: floor, refused at authentication (401)`, url, {}, load, meters)), expectedStatus: 401 }];
  for (const [tier, tenant] of Object.entries(tenants)) {
    const headers = { authorization: `Bearer ${tenant.apiKey}` };
    // One request alone first: the server's first database call loads Prisma's query compiler.
    await assertAnswers(url, headers);
    await measure(`warm-up ${tier}`, url, headers, { ...load, seconds: WARM_UP_SECONDS });
    const before = await countAuditEvents(tenant.id);
    const row = await measure(`${label}, ${tier} tenant`, url, headers, load, meters);
    rows.push({ ...row, auditEvents: (await countAuditEvents(tenant.id)) - before });
  }
  return rows;
}

async function countAuditEvents(tenantId: string): Promise<number> {
  return Number((await getAuditChainStore(tenantId).getHead())?.seq ?? 0);
}

function measureSpread(label: string, url: string, spread: SpreadTenant[], meters: CpuMeters, ownerUrl: string): Promise<SpreadFigures> {
  return measureSpreadWith({ label, url, spread, meters, ownerUrl, load, kmsAccessLog: path.join(benchDataDir, 'kms', 'access-log.jsonl'), countAuditEvents });
}

/**
 * Portkey's gateway (no isolation work) proxying to the same trivial upstream, in the same run, so
 * the comparison does not rest on figures from another day. Its CPU column is its own process's.
 * Returns no row, with a note, when the package cannot be fetched (no npm registry).
 */
async function measurePeer(upstreamUrl: string, children: ChildProcess[]): Promise<Row[]> {
  const peer = spawnDetached('npx', ['--yes', PEER_PACKAGE, `--port=${peerPort}`, '--headless'], {});
  children.push(peer);
  const peerUrl = `http://127.0.0.1:${peerPort}/v1/chat/completions`;
  try {
    await waitForHttp(`http://127.0.0.1:${peerPort}/`, 180_000);
  } catch {
    console.warn(`The peer (${PEER_PACKAGE}) did not start; is the npm registry reachable? Measuring without it.`);
    return [];
  }
  const headers = { authorization: 'Bearer unused', 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${upstreamUrl}/v1` };
  await measure('warm-up peer', peerUrl, headers, { ...load, seconds: WARM_UP_SECONDS });
  return [await measure(`peer: ${PEER_PACKAGE} (no isolation work)`, peerUrl, headers, load, { gatewayGroup: peer.pid!, postmasterPid: 0 })];
}

async function assertAnswers(url: string, headers: Record<string, string>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: load.body,
    signal: AbortSignal.timeout(60_000),
  });
  if (response.status !== 200) throw new Error(`the gateway answered ${response.status}: ${await response.text()}`);
}

function spawnDetached(command: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(command, args, { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ...env }, detached: true });
}

/** SIGTERM to the child's group, and wait for the child to exit (the CPU profile is written then). */
async function stopDetached(child: ChildProcess) {
  if (child.exitCode !== null || !child.pid) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
}

function format(loads: number[]) {
  return loads.map((value) => value.toFixed(2)).join('/');
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`Benchmark failed: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  },
);
