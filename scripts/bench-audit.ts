/**
 * `npm run bench:audit [-- --events 1000000 --tenants 1000 --explain]`: the audit log at scale, in its own
 * embedded PostgreSQL database (BULKHEAD_BENCH_PG_PORT, default 54359; data under .data/bench, dropped
 * and recreated each run). Seeds valid hash-chained events across the tenants (the first holds 10%),
 * then measures through the production code: append throughput (appendAuditEvents with its head lock),
 * the viewer's first page and filtered pages (the chain store, as the app role under RLS; p50/p95 of one
 * viewer's sequential requests), and database verification speed (verifyTenantChain on the largest chain).
 * Targets from the issue: first page p95 <= 30 ms, filtered p95 <= 150 ms, verification >= 200k events/s.
 * The console's requests list is measured the same way (bench-audit/measure-requests.ts; `--requests-only`
 * measures nothing else). `--events 10000000` for the 10M run; `--explain` prints the query plans on the largest tenant.
 */
import os from 'node:os';
import { Prisma } from '@/lib/generated/prisma/client';
import { getCheckpointSigner } from '@/lib/audit/checkpoint-signer';
import { getAuditChainStore, type AuditEventFilter } from '@/lib/audit/store/chain-store';
import { boundTextSearch, buildFindEventsQuery, DEFAULT_TEXT_SEARCH_WINDOW } from '@/lib/audit/store/event-query-sql';
import { verifyTenantChain } from '@/lib/audit/store/verify-tenant-chain';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { measureAppends, measureLatency, type LatencyRow, type ThroughputRow } from './bench-audit/measure';
import { measureRequestsList } from './bench-audit/measure-requests';
import { seedAuditEvents, type SeededTenant } from './bench-audit/seed-events';
import { withBenchStack } from './services/bench-stack';

const eventCount = Number(readOption('--events') ?? 1_000_000);
const tenantCount = Number(readOption('--tenants') ?? 1_000);
const VERIFY_TARGET = 200_000;
const DAY = 24 * 3600 * 1000;

async function main() {
  console.log(
    `bench:audit — ${eventCount.toLocaleString('en')} events across ${tenantCount.toLocaleString('en')} tenants, node ${process.version}, ${os.cpus().length} CPUs\n`,
  );
  await withBenchStack({ dataDirName: 'bench', postgresPort: Number(process.env.BULKHEAD_BENCH_PG_PORT ?? 54359) }, async (stack) => {
    const started = performance.now();
    const tenants = await seedAuditEvents({
      ownerUrl: stack.urls.ownerUrl,
      platformUrl: stack.urls.platformUrl,
      events: eventCount,
      tenants: tenantCount,
      signer: await getCheckpointSigner(),
      log: (line) => console.log(line),
    });
    console.log(`seeded in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);

    const [largest, ...typical] = tenants;
    const requests = [
      ...(await measureRequestsList('typical tenant', typical, stack.urls.ownerUrl)),
      ...(await measureRequestsList('largest tenant', [largest], stack.urls.ownerUrl)),
    ];
    if (process.argv.includes('--requests-only')) return printLatencies(requests, largest);
    const latencies = [...(await measureViewer('typical tenant', typical)), ...(await measureViewer('largest tenant', [largest])), ...requests];
    const appends = await measureAppendThroughput(typical);
    const verification = await measureVerification(largest);
    printReport(latencies, appends, verification, largest);
    if (process.argv.includes('--explain')) await explainQueries(largest);
  });
}

/** The filters a compliance officer uses, over the seeded data's shapes (see seed-events.ts). */
function buildFilters(tenant: SeededTenant, index: number): [string, AuditEventFilter][] {
  const now = Date.now();
  const seq = 1 + ((index * 7919) % tenant.eventCount);
  return [
    ['action', { action: 'retrieval.read' }],
    ['outcome (3% of events)', { outcome: 'denied' }],
    ['actor', { actorId: `user-${index % 10}` }],
    ['request id', { requestId: `req-${tenant.id.slice(0, 8)}-${seq}` }],
    ['free text (10% of events)', { text: `person${index % 10}@` }],
    ['free text, no match (walks the tenant)', { text: 'no-such-text' }],
    ['time range (1 day, 10 days ago)', { from: new Date(now - 11 * DAY).toISOString(), to: new Date(now - 10 * DAY).toISOString() }],
    ['action + outcome + from', { action: 'policy.decision', outcome: 'success', from: new Date(now - 20 * DAY).toISOString() }],
  ];
}

async function measureViewer(label: string, tenants: SeededTenant[]): Promise<LatencyRow[]> {
  const runs = 200;
  const pick = (index: number) => tenants[(index * 104729) % tenants.length];
  const rows = [
    await measureLatency(`${label}: first page`, runs, (index) => getAuditChainStore(pick(index).id).findEvents({ limit: 50 }), 30),
    await measureLatency(
      `${label}: next page (cursor)`,
      runs,
      (index) => {
        const tenant = pick(index);
        return getAuditChainStore(tenant.id).findEvents({ limit: 50, beforeSeq: Math.max(2, tenant.eventCount - 50 * (1 + (index % 20))) });
      },
      30,
    ),
  ];
  const filterNames = buildFilters(tenants[0], 0).map(([name]) => name);
  for (const [position, name] of filterNames.entries()) {
    rows.push(
      await measureLatency(
        `${label}: filter ${name}`,
        runs / 2,
        (index) => {
          const tenant = pick(index);
          return getAuditChainStore(tenant.id).findEvents({ ...buildFilters(tenant, index)[position][1], limit: 50 });
        },
        150,
      ),
    );
  }
  return rows;
}

async function measureAppendThroughput(tenants: SeededTenant[]): Promise<ThroughputRow[]> {
  const random = () => tenants[Math.floor(Math.random() * tenants.length)].id;
  const one = tenants[1].id;
  return [
    await measureAppends({ name: '16 appenders, random tenants, 1 event/transaction', concurrency: 16, batchSize: 1, durationMs: 8_000, pickTenant: random }),
    await measureAppends({ name: '50 appenders, one tenant, 1 event/transaction', concurrency: 50, batchSize: 1, durationMs: 8_000, pickTenant: () => one }),
    await measureAppends({
      name: '50 appenders, one tenant, via recordAuditEvent (coalesced)',
      concurrency: 50,
      batchSize: 1,
      durationMs: 8_000,
      pickTenant: () => one,
      viaRecorder: true,
    }),
    await measureAppends({
      name: '8 appenders, random tenants, 100 events/transaction',
      concurrency: 8,
      batchSize: 100,
      durationMs: 8_000,
      pickTenant: random,
    }),
  ];
}

async function measureVerification(tenant: SeededTenant) {
  const runs: number[] = [];
  let status;
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    status = await verifyTenantChain(tenant.id, { checkedBy: 'bench' });
    runs.push(status.eventCount / ((performance.now() - started) / 1000));
    if (!status.ok) throw new Error(`the seeded chain did not verify: ${status.problem?.detail}`);
  }
  return { eventCount: status!.eventCount, eventsPerSecond: Math.max(...runs), runs };
}

function printReport(latencies: LatencyRow[], appends: ThroughputRow[], verification: Awaited<ReturnType<typeof measureVerification>>, largest: SeededTenant) {
  printLatencies(latencies, largest);
  console.log('\nappend throughput (head lock included; "transaction" is one appender call)');
  for (const row of appends)
    console.log(
      `${row.name.padEnd(64)} ${Math.round(row.eventsPerSecond).toLocaleString('en').padStart(9)} events/s  (transaction p95 ${row.transactionP95.toFixed(1)} ms)`,
    );
  const rate = (value: number) => Math.round(value).toLocaleString('en');
  const verdict = verification.eventsPerSecond >= VERIFY_TARGET ? 'ok' : 'MISSED';
  console.log(
    `\nverification from the database (verifyTenantChain, ${verification.eventCount.toLocaleString('en')} events, best of 3: ${verification.runs.map(rate).join(', ')})`,
  );
  console.log(`${'largest tenant'.padEnd(64)} ${rate(verification.eventsPerSecond).padStart(9)} events/s  ${verdict} (>= ${rate(VERIFY_TARGET)})`);
}

function printLatencies(latencies: LatencyRow[], largest: SeededTenant) {
  const ms = (value: number) => value.toFixed(1).padStart(7);
  // Everything here shares the machine with PostgreSQL; other load skews the figures, so say how much there was.
  console.log(
    `load average at the end: ${os
      .loadavg()
      .map((load) => load.toFixed(1))
      .join(', ')} (1, 5, 15 min)\n`,
  );
  console.log(`viewer and requests-list queries (limit 50, one viewer, sequential; largest tenant has ${largest.eventCount.toLocaleString('en')} events)`);
  console.log(`${'query'.padEnd(72)} ${'runs'.padStart(5)} ${'p50 ms'.padStart(7)} ${'p95 ms'.padStart(7)}  target`);
  for (const row of latencies) {
    const verdict = row.targetP95 === undefined ? '' : `${row.p95 <= row.targetP95 ? 'ok' : 'MISSED'} (p95 <= ${row.targetP95} ms)`;
    console.log(`${row.name.padEnd(72)} ${String(row.runs).padStart(5)} ${ms(row.p50)} ${ms(row.p95)}  ${verdict}`);
  }
}

async function explainQueries(tenant: SeededTenant) {
  for (const [name, filter] of [['first page', {}] as [string, AuditEventFilter], ...buildFilters(tenant, 3)]) {
    const plan = await withTenant(tenant.id, async (tx) => {
      // The query findEvents runs (shared-table-chain-store.ts), free-text bounds included.
      const query = { ...filter, limit: 50 };
      const bounded = filter.text ? await boundTextSearch(tx, tenant.id, query, DEFAULT_TEXT_SEARCH_WINDOW) : { query, fromSeq: undefined };
      return tx.$queryRaw<{ 'QUERY PLAN': string }[]>(
        Prisma.sql`EXPLAIN (ANALYZE, BUFFERS) ${buildFindEventsQuery(tenant.id, bounded.query, bounded.fromSeq)}`,
      );
    });
    console.log(`\n-- ${name}\n${plan.map((line) => line['QUERY PLAN']).join('\n')}`);
  }
}

function readOption(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
