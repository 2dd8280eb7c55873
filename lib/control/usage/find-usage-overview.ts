import 'server-only';
import type { Principal } from '@/lib/auth/principal';
import { withPlatformAccess } from '@/lib/tenancy/platform';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { getUsageWindow, type UsageRange, type UsageWindow } from './usage-range';
import { countRequests, summarizeUsage, type UsageRow, type UsageSummary } from './summarize-usage';

export interface TopTenant {
  id: string;
  slug: string;
  name: string;
  requests: number;
  blocked: number;
}

export interface PlatformUsage extends UsageSummary {
  topByRequests: TopTenant[];
  topByBlocks: TopTenant[];
}

const TOP_LIMIT = 10;

/** One tenant's overview charts for `range` and the period before it, read in its own RLS context. */
export async function findTenantUsage(tenantId: string, range: UsageRange, now = Date.now()): Promise<UsageSummary> {
  const window = getUsageWindow(range, now);
  const rows = await withTenant(
    tenantId,
    (tx) =>
      tx.$queryRaw<RawRow[]>`SELECT bucket_start, success, flagged, blocked, denied, failure, tokens_in, tokens_out, incidents, overhead_bands, upstream_bands
      FROM tenant_usage_buckets
      WHERE tenant_id = ${tenantId}::uuid AND bucket_seconds = ${window.bucketSeconds} AND bucket_start >= ${window.previousStart} AND bucket_start < ${window.end}`,
  );
  return summarizeUsage(window, rows.map(toUsageRow));
}

/**
 * Every tenant's traffic, from the platform sums (one row per bucket, maintained beside the tenant
 * rows), and the top tenants by requests and by blocks, for platform admins (the platform path checks
 * the role first).
 */
export async function findPlatformUsage(principal: Principal, range: UsageRange, now = Date.now()): Promise<PlatformUsage> {
  const window = getUsageWindow(range, now);
  return withPlatformAccess(principal, async (tx) => {
    const sums = await tx.$queryRaw<
      RawRow[]
    >`SELECT bucket_start, success, flagged, blocked, denied, failure, tokens_in, tokens_out, incidents, overhead_bands, upstream_bands
      FROM platform_usage_buckets
      WHERE bucket_seconds = ${window.bucketSeconds} AND bucket_start >= ${window.previousStart} AND bucket_start < ${window.end}`;
    const top = await findTopTenants(tx, window);
    return { ...summarizeUsage(window, sums.map(toUsageRow)), ...top };
  });
}

type PlatformTransaction = Parameters<Parameters<typeof withPlatformAccess>[1]>[0];

/**
 * Ranks tenants over the range from the coarsest buckets that fit it (a thousand tenants' rows are
 * summed here): 7 days are ranked over the whole days they cover, the day in progress included.
 */
async function findTopTenants(tx: PlatformTransaction, window: UsageWindow) {
  const bucketSeconds = window.range === '7d' ? 86_400 : window.bucketSeconds;
  const start = new Date(window.start.getTime() - (window.start.getTime() % (bucketSeconds * 1000)));
  // A few tens of thousands of index-only rows: starting parallel workers costs more than it saves,
  // and on a busy server it is what made the 24 h ranking slow (measured with bench:dashboard --explain).
  await tx.$queryRaw`SELECT set_config('max_parallel_workers_per_gather', '0', true)`;
  const rows = await tx.$queryRaw<{ tenant_id: string; success: number; flagged: number; blocked: number; denied: number; failure: number }[]>`
    SELECT tenant_id, sum(success)::int AS success, sum(flagged)::int AS flagged, sum(blocked)::int AS blocked, sum(denied)::int AS denied, sum(failure)::int AS failure
    FROM tenant_usage_buckets
    WHERE bucket_seconds = ${bucketSeconds} AND bucket_start >= ${start} AND bucket_start < ${window.end}
    GROUP BY tenant_id`;
  const totals = rows.map((row) => ({ id: row.tenant_id, requests: countRequests(row), blocked: row.blocked }));
  const byRequests = [...totals].sort((a, b) => b.requests - a.requests).slice(0, TOP_LIMIT);
  const byBlocks = totals
    .filter((row) => row.blocked > 0)
    .sort((a, b) => b.blocked - a.blocked)
    .slice(0, TOP_LIMIT);
  const ids = [...new Set([...byRequests, ...byBlocks].map((row) => row.id))];
  const names = new Map((await tx.tenant.findMany({ where: { id: { in: ids } }, select: { id: true, slug: true, name: true } })).map((t) => [t.id, t]));
  const named = (row: { id: string; requests: number; blocked: number }): TopTenant => ({
    ...row,
    slug: names.get(row.id)?.slug ?? '',
    name: names.get(row.id)?.name ?? row.id,
  });
  return { topByRequests: byRequests.map(named), topByBlocks: byBlocks.map(named) };
}

interface RawRow {
  bucket_start: Date;
  success: number;
  flagged: number;
  blocked: number;
  denied: number;
  failure: number;
  tokens_in: bigint;
  tokens_out: bigint;
  incidents: number;
  overhead_bands: number[] | null;
  upstream_bands: number[] | null;
}

function toUsageRow(row: RawRow): UsageRow {
  return {
    bucketStart: row.bucket_start,
    success: row.success,
    flagged: row.flagged,
    blocked: row.blocked,
    denied: row.denied,
    failure: row.failure,
    tokensIn: Number(row.tokens_in),
    tokensOut: Number(row.tokens_out),
    incidents: row.incidents,
    overheadBands: row.overhead_bands,
    upstreamBands: row.upstream_bands,
  };
}
