/**
 * `npm run bench:dashboard [-- --events 10000000 --tenants 1000 --runs 40]`: the console's overview
 * queries at scale, in their own embedded PostgreSQL database (BULKHEAD_BENCH_PG_PORT, default 54359;
 * data under .data/bench-dashboard, recreated each run). The charts read pre-aggregated usage buckets,
 * never the audit events, so the seed writes the buckets that the given number of events spread over
 * the last 60 days (the longest range and its previous period) would leave, the first tenant holding
 * 10%: every bucket of every tenant filled (the densest case, upper bound on rows read), sizes kept as
 * long as retention keeps them, and the platform sums beside them. Then, through the production code as the app role under RLS (a tenant)
 * and the platform role (platform admin): p50/p95 of each range's overview. Target: p95 <= 100 ms.
 * `--explain` also prints PostgreSQL's plan (EXPLAIN ANALYZE, BUFFERS) of the platform ranking per range.
 */
import os from 'node:os';
import pg from 'pg';
import { findPlatformUsage, findTenantUsage } from '@/lib/control/usage/find-usage-overview';
import { LATENCY_BAND_COUNT } from '@/lib/control/usage/latency-bands';
import { USAGE_RANGES } from '@/lib/control/usage/usage-range';
import type { Principal } from '@/lib/auth/principal';
import { measureLatency, type LatencyRow } from './bench-audit/measure';
import { withBenchStack } from './services/bench-stack';

const eventCount = Number(readOption('--events') ?? 10_000_000);
const tenantCount = Number(readOption('--tenants') ?? 1_000);
const runs = Number(readOption('--runs') ?? 40);
const TARGET_P95_MS = 100;
// How long each bucket size is kept (the pruning function's ages), in buckets.
const KEPT = [
  { seconds: 300, buckets: 2 * 288 },
  { seconds: 3_600, buckets: 14 * 24 },
  { seconds: 86_400, buckets: 60 },
];

async function main() {
  console.log(
    `bench:dashboard — usage buckets for ${eventCount.toLocaleString('en')} events across ${tenantCount.toLocaleString('en')} tenants, node ${process.version}, ${os.cpus().length} CPUs\n`,
  );
  await withBenchStack({ dataDirName: 'bench-dashboard', postgresPort: Number(process.env.BULKHEAD_BENCH_PG_PORT ?? 54359) }, async (stack) => {
    const started = performance.now();
    const tenantIds = await seedUsageBuckets(stack.urls.ownerUrl, stack.urls.platformUrl);
    console.log(`seeded in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    if (process.argv.includes('--explain')) await explainRanking(stack.urls.platformUrl);
    const admin: Principal = { userId: 'bench', email: 'bench@example.test', name: 'Bench', platformRole: 'platform_admin', grants: [], sessionTokenHash: '' };
    const rows: LatencyRow[] = [];
    for (const range of USAGE_RANGES) {
      rows.push(
        await measureLatency(
          `tenant overview, ${range} (typical tenant)`,
          runs,
          (index) => findTenantUsage(tenantIds[1 + (index % (tenantIds.length - 1))], range),
          TARGET_P95_MS,
        ),
      );
      rows.push(await measureLatency(`tenant overview, ${range} (largest tenant)`, runs, () => findTenantUsage(tenantIds[0], range), TARGET_P95_MS));
      rows.push(await measureLatency(`platform overview + top tenants, ${range}`, runs, () => findPlatformUsage(admin, range), TARGET_P95_MS));
    }
    console.log('| query (one per overview: every chart of the page) | runs | p50 ms | p95 ms | target p95 |');
    console.log('|---|---|---|---|---|');
    for (const row of rows)
      console.log(
        `| ${row.name} | ${row.runs} | ${row.p50.toFixed(1)} | ${row.p95.toFixed(1)} | ${row.targetP95 !== undefined ? `${row.p95 <= row.targetP95 ? '✓' : '✗'} ≤ ${row.targetP95}` : ''} |`,
      );
  });
}

/** Tenants and their buckets, written by the owner with generate_series (RLS is forced and the owner has no insert policy, so the seed adds one for itself and drops it). */
async function seedUsageBuckets(ownerUrl: string, platformUrl: string): Promise<string[]> {
  const owner = new pg.Client({ connectionString: ownerUrl });
  const platform = new pg.Client({ connectionString: platformUrl });
  await Promise.all([owner.connect(), platform.connect()]);
  try {
    const created = await platform.query<{ id: string }>(
      `INSERT INTO tenants (slug, name, kind) SELECT 'bench-' || i, 'Bench ' || i, 'internal_department' FROM generate_series(1, $1) i RETURNING id`,
      [tenantCount],
    );
    const ids = created.rows.map((row) => row.id);
    await owner.query(`CREATE POLICY bench_seed ON tenant_usage_buckets FOR INSERT TO bulkhead_owner WITH CHECK (true)`);
    const largestShare = 0.1;
    for (const { seconds, buckets } of KEPT) {
      // Events per bucket: 60 days of traffic spread evenly; the first tenant has 10% of it.
      const perBucketTypical = (eventCount * (1 - largestShare)) / Math.max(1, tenantCount - 1) / ((60 * 86_400) / seconds);
      const perBucketLargest = (eventCount * largestShare) / ((60 * 86_400) / seconds);
      await owner.query(
        `INSERT INTO tenant_usage_buckets (tenant_id, bucket_seconds, bucket_start, success, flagged, blocked, denied, failure, tokens_in, tokens_out, incidents, overhead_bands, upstream_bands)
         SELECT t.id, $1::int, to_timestamp(floor(extract(epoch FROM now()) / $1::int) * $1::int - b * $1::int),
                greatest(1, round(n * 0.9))::int, round(n * 0.05)::int, round(n * 0.03)::int, round(n * 0.01)::int, round(n * 0.01)::int,
                round(n * 180)::bigint, round(n * 60)::bigint, (random() < 0.01)::int,
                array_fill(greatest(1, round(n / $4::int))::int, ARRAY[$4::int]), array_fill(greatest(1, round(n / $4::int))::int, ARRAY[$4::int])
         FROM unnest($2::uuid[]) WITH ORDINALITY AS t(id, position)
         CROSS JOIN generate_series(0, $3::int - 1) AS b
         CROSS JOIN LATERAL (SELECT CASE WHEN t.position = 1 THEN $5::float8 ELSE $6::float8 END AS n) AS volume`,
        [seconds, ids, buckets, LATENCY_BAND_COUNT, perBucketLargest, perBucketTypical],
      );
    }
    await owner.query(`CREATE POLICY bench_read ON tenant_usage_buckets FOR SELECT TO bulkhead_owner USING (true)`);
    // The platform sums the flush keeps beside the tenant rows (bands: every band holds the same count in this seed).
    await owner.query(
      `INSERT INTO platform_usage_buckets (bucket_seconds, bucket_start, success, flagged, blocked, denied, failure, tokens_in, tokens_out, incidents, overhead_bands, upstream_bands)
       SELECT bucket_seconds, bucket_start, sum(success), sum(flagged), sum(blocked), sum(denied), sum(failure), sum(tokens_in), sum(tokens_out), sum(incidents),
              array_fill(sum(overhead_bands[1])::int, ARRAY[$1::int]), array_fill(sum(upstream_bands[1])::int, ARRAY[$1::int])
       FROM tenant_usage_buckets GROUP BY bucket_seconds, bucket_start`,
      [LATENCY_BAND_COUNT],
    );
    await owner.query(`DROP POLICY bench_seed ON tenant_usage_buckets`);
    await owner.query(`DROP POLICY bench_read ON tenant_usage_buckets`);
    // As autovacuum leaves a table whose past buckets no longer change: the visibility map set, so the
    // platform ranking reads its covering index without visiting the heap.
    await owner.query('VACUUM (ANALYZE) tenant_usage_buckets, platform_usage_buckets');
    const { rows } = await owner.query<{ count: string }>('SELECT count(*) FROM tenant_usage_buckets');
    console.log(`${Number(rows[0].count).toLocaleString('en')} usage bucket rows`);
    return ids;
  } finally {
    await Promise.all([owner.end(), platform.end()]);
  }
}

/** The platform ranking's plan per range, as the platform role runs it (the query findTopTenants sends). */
async function explainRanking(platformUrl: string) {
  const client = new pg.Client({ connectionString: platformUrl });
  await client.connect();
  try {
    await client.query(`SET max_parallel_workers_per_gather = 0`);
    for (const [range, seconds, bucketSeconds] of [
      ['1h', 3_600, 300],
      ['24h', 86_400, 3_600],
      ['7d', 604_800, 86_400],
      ['30d', 2_592_000, 86_400],
    ] as const) {
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS) SELECT tenant_id, sum(success)::int, sum(flagged)::int, sum(blocked)::int, sum(denied)::int, sum(failure)::int
         FROM tenant_usage_buckets WHERE bucket_seconds = $1 AND bucket_start >= now() - make_interval(secs => $2) GROUP BY tenant_id`,
        [bucketSeconds, seconds],
      );
      console.log(`platform ranking, ${range}:\n${rows.map((row) => `  ${row['QUERY PLAN']}`).join('\n')}\n`);
    }
  } finally {
    await client.end();
  }
}

function readOption(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
