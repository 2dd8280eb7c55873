/**
 * `npm run bench:gateway`: requests per second and added latency of the gateway versus calling a
 * trivial upstream directly, at concurrency 16, with API-key auth, rate limiting, screening and the
 * audit append all on, for a `namespace` tenant and a `schema_kms` tenant (its prompt, retrieval and
 * log layers in its own schema as its own role; log payloads encrypted under its own KMS key).
 * Builds the console into its own dist dir (BULKHEAD_NEXT_DIST_DIR, default .next-bench;
 * BULKHEAD_SKIP_BUILD=1 reuses it), serves it with `next start`, runs the trivial
 * upstream as its own process and autocannon from this one.
 * Besides latency it prints the CPU each request cost the gateway process and PostgreSQL (from
 * /proc), which stays meaningful when other work on the machine skews the latency figures.
 * Two reference rows put the figures in proportion, measured in the same run on the same machine:
 * - "framework floor": the same route refused at authentication (401 before the body is read),
 *   i.e. what Next.js's request handling alone costs here;
 * - with --peer, Portkey's open-source gateway (a widely used LLM gateway, fetched with npx from
 *   the npm registry) proxying to the same upstream with no isolation work.
 * Options: --duration seconds (default 10), --connections (default 16), --peer.
 * BULKHEAD_BENCH_CPU_PROFILE=<dir> writes a V8 CPU profile of the gateway process there when it stops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { installPlacementAuditLog } from '@/lib/audit/store/install-placement-audit-log';
import { createApiKeySecret } from '@/lib/auth/api-keys/api-key-secret';
import { disconnectAllPrismaClients } from '@/lib/db/prisma-clients';
import { ensureTenantKey } from '@/lib/kms';
import { convergePlacements } from '@/lib/placement/converge-placements';
import { closePlacementPools } from '@/lib/placement/pool-registry-instance';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';
import { startLocalStack } from './services/local-stack';
import { dataDir, repoRoot } from './services/paths';
import { readProcessGroupCpuMs, readServerCpuMs } from './services/process-group-cpu';
import { runCommand } from './services/run-command';
import { waitForHttp } from './services/wait-for-http';

interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p97_5: number; p99: number };
  non2xx: number;
  '4xx': number;
  errors: number;
  timeouts: number;
}
// autocannon ships no type declarations.
const autocannon = createRequire(__filename)('autocannon') as (options: Record<string, unknown>) => Promise<AutocannonResult>;

const { values } = parseArgs({ options: { duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '16' }, peer: { type: 'boolean', default: false } } });
const duration = Number(values.duration);
const connections = Number(values.connections);
const body = JSON.stringify({ model: 'sim-small', messages: [{ role: 'user', content: 'What is the refund window for annual plans?' }] });
const distDir = process.env.BULKHEAD_NEXT_DIST_DIR || '.next-bench';
const gatewayPort = Number(process.env.BULKHEAD_BENCH_PORT ?? 3290);
const upstreamPort = Number(process.env.BULKHEAD_BENCH_UPSTREAM_PORT ?? 4690);
const peerPort = Number(process.env.BULKHEAD_BENCH_PEER_PORT ?? 8790);
const PEER_PACKAGE = '@portkey-ai/gateway@1.15.2';
const profileDir = process.env.BULKHEAD_BENCH_CPU_PROFILE;
const benchDataDir = path.join(dataDir, 'bench');

interface CpuMeters {
  gatewayGroup: number;
  postmasterPid: number;
}

async function main() {
  installPlacementAuditLog();
  const stack = await startLocalStack({
    dataDir: benchDataDir,
    postgresPort: Number(process.env.BULKHEAD_BENCH_PG_PORT ?? 54390),
    database: 'bulkhead_bench',
    fresh: true,
    kmsPort: 0,
    modelPort: 0,
  });
  const children: ChildProcess[] = [];
  try {
    const upstreamUrl = `http://127.0.0.1:${upstreamPort}`;
    const appEnv = { ...stack.appEnv, BULKHEAD_LOCAL_MODEL_URL: upstreamUrl, BULKHEAD_NEXT_DIST_DIR: distDir };
    Object.assign(process.env, appEnv);
    const tenants = { namespace: await createBenchTenant('namespace'), schema_kms: await createBenchTenant('schema_kms') };
    // The schema_kms tenant's prompt, retrieval and log layers in its own schema, under its own role and key,
    // as the placement worker would leave them. The owner URL stays out of the console's environment.
    process.env.BULKHEAD_OWNER_DATABASE_URL = stack.urls.ownerUrl;
    const moved = await convergePlacements({ drainMs: 0 });
    if (moved.some((outcome) => outcome.error) || moved.length !== 3) throw new Error(`placing the schema_kms tenant failed: ${JSON.stringify(moved)}`);
    delete process.env.BULKHEAD_OWNER_DATABASE_URL;
    await closePlacementPools();
    await disconnectAllPrismaClients();

    children.push(spawnDetached(process.execPath, ['--import', 'tsx', 'scripts/local-model/main.ts', '--trivial'], { ...appEnv, BULKHEAD_MODEL_PORT: String(upstreamPort) }));
    if (process.env.BULKHEAD_SKIP_BUILD !== '1') await runCommand('npx', ['next', 'build'], appEnv);
    // Node refuses --cpu-prof in NODE_OPTIONS, so the gateway runs Next's own bin under this node.
    const profileFlags = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : [];
    const nextBin = path.join(repoRoot, 'node_modules', 'next', 'dist', 'bin', 'next');
    const gateway = spawnDetached(process.execPath, [...profileFlags, nextBin, 'start', '-H', '127.0.0.1', '-p', String(gatewayPort)], appEnv);
    children.push(gateway);
    const meters: CpuMeters = { gatewayGroup: gateway.pid!, postmasterPid: Number(readFileSync(path.join(benchDataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]) };
    const gatewayUrl = `http://127.0.0.1:${gatewayPort}/api/v1/chat/completions`;
    await waitForHttp(`${upstreamUrl}/v1/models`);
    await waitForHttp(gatewayUrl);

    const direct = await measure('upstream directly', `${upstreamUrl}/v1/chat/completions`, {}, duration, meters);
    const rows: (Awaited<ReturnType<typeof measure>> & { expectedStatus?: number })[] = [direct];
    if (values.peer) rows.push(...(await measurePeer(upstreamUrl, children)));
    await measure('warm-up framework floor', gatewayUrl, {}, 3);
    rows.push({ ...(await measure('framework floor: the same route refused at authentication (401)', gatewayUrl, {}, duration, meters)), expectedStatus: 401 });
    for (const [tier, apiKey] of Object.entries(tenants)) {
      const headers = { authorization: `Bearer ${apiKey}` };
      // One request alone first: the server's first database call loads Prisma's query compiler.
      await assertAnswers(gatewayUrl, headers);
      await measure(`warm-up ${tier}`, gatewayUrl, headers, 3);
      rows.push(await measure(`gateway, ${tier} tenant`, gatewayUrl, headers, duration, meters));
    }
    console.log(`\nGateway benchmark: c=${connections}, ${duration} s each, ${body.length}-byte chat request, audit + screening on\n`);
    console.log('| target | req/s | p50 ms | p97.5 ms | p99 ms | added p50 | added p99 | gateway CPU ms/req | Postgres CPU ms/req | failed |');
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    for (const row of rows) {
      const added = (value: number | string) => (row === direct ? '-' : value);
      // The floor row is refused on purpose: there, anything but the refusal is the failure.
      const failed = row.expectedStatus ? row.non2xx - row.refused4xx : row.non2xx;
      console.log(
        `| ${row.name} | ${row.rps} | ${row.p50} | ${row.p97} | ${row.p99} | ${added(row.p50 - direct.p50)} | ${added(row.p99 - direct.p99)} | ${added(row.gatewayCpu)} | ${added(row.postgresCpu)} | ${failed} |`,
      );
    }
    if (!values.peer) console.log('\n(--peer adds Portkey\'s gateway, an LLM gateway without isolation work, measured in the same run.)');
  } finally {
    for (const child of children) if (child.pid) process.kill(-child.pid, 'SIGTERM');
    // The CPU profile is written as the gateway exits.
    if (profileDir) await new Promise((resolve) => setTimeout(resolve, 3000));
    await stack.stop();
  }
}

async function createBenchTenant(tier: 'namespace' | 'schema_kms'): Promise<string> {
  const { secret, prefix, hash } = createApiKeySecret();
  const tenant = await withPlatformSystemAccess('gateway benchmark', async (tx) => {
    const row = await tx.tenant.create({
      data: { slug: `bench-${tier.replace('_', '-')}`, name: `Bench ${tier}`, kind: 'internal_department', promptTier: tier, retrievalTier: tier, logsTier: tier },
      select: { id: true },
    });
    // A limit far above what the benchmark can send: this measures the path, not the limiter's refusals.
    await tx.gatewaySettings.create({ data: { tenantId: row.id, requestsPerMinute: 10_000_000, burst: 100_000 } });
    await tx.apiKey.create({ data: { tenantId: row.id, name: 'bench', prefix, secretHash: hash } });
    return row;
  });
  if (tier === 'schema_kms') await ensureTenantKey(tenant.id);
  return secret;
}

/**
 * Portkey's gateway (no isolation work) proxying to the same trivial upstream, in the same run, so
 * the comparison does not rest on figures from another day. Its CPU column is its own process's.
 * Returns no row, with a note, when the package cannot be fetched (no npm registry).
 */
async function measurePeer(upstreamUrl: string, children: ChildProcess[]) {
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
  await measure('warm-up peer', peerUrl, headers, 3);
  const meters = { gatewayGroup: peer.pid!, postmasterPid: 0 };
  const row = await measure(`peer: ${PEER_PACKAGE} (no isolation work)`, peerUrl, headers, duration, meters);
  return [{ ...row, postgresCpu: '-' }];
}

async function assertAnswers(url: string, headers: Record<string, string>) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, signal: AbortSignal.timeout(60_000) });
  if (response.status !== 200) throw new Error(`the gateway answered ${response.status}: ${await response.text()}`);
}

async function measure(name: string, url: string, headers: Record<string, string>, seconds = duration, meters?: CpuMeters) {
  const before = meters && readCpu(meters);
  const result = await autocannon({ url, method: 'POST', connections, duration: seconds, body, headers: { 'content-type': 'application/json', ...headers } });
  const after = meters && readCpu(meters);
  const served = result.requests.average * seconds;
  // A backend that exits between the two readings takes its CPU out of the sum: never print below zero.
  const perRequest = (spent: number | null | undefined) => (spent == null || served === 0 ? '?' : Math.max(0, spent / served).toFixed(2));
  return {
    name,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p97: result.latency.p97_5,
    p99: result.latency.p99,
    gatewayCpu: perRequest(before && after && after.gateway! - before.gateway!),
    postgresCpu: perRequest(before && after && after.postgres! - before.postgres!),
    non2xx: result.non2xx + result.errors + result.timeouts,
    refused4xx: result['4xx'],
  };
}

function readCpu(meters: CpuMeters) {
  return { gateway: readProcessGroupCpuMs(meters.gatewayGroup), postgres: readServerCpuMs(meters.postmasterPid) };
}

function spawnDetached(command: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(command, args, { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ...env }, detached: true });
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`Benchmark failed: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  },
);
