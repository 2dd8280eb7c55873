import 'server-only';
import { logEvent } from '@/lib/log/logger';
import { connectAppClient, runPerTenantWrites } from '@/lib/tenancy/with-tenant-sql';
import { findLatencyBand } from './latency-bands';
import { BUCKET_SECONDS, createEmptyCounts, mergeCounts, type UsageCounts, type UsageSample } from './usage-sample';
import { buildUsageUpsert } from './usage-upsert';

const FINEST_BUCKET_MS = BUCKET_SECONDS[0] * 1000;
const FLUSH_INTERVAL_MS = 1_000;
// Tenants written per transaction: one commit for all of them instead of one each, in a statement
// of a few hundred kilobytes at most.
const TENANTS_PER_TRANSACTION = 200;

// Tenant id → start of its 5-minute bucket (ms) → counts not yet written. On globalThis so every
// bundle of the console adds to one accumulator.
const holder = globalThis as unknown as { bulkheadPendingUsage?: Map<string, Map<number, UsageCounts>>; bulkheadUsageTimer?: NodeJS.Timeout };
let pending = (holder.bulkheadPendingUsage ??= new Map());
let flushing: Promise<void> | null = null;

/**
 * Adds a finished request to its tenant's usage buckets (the overview charts' data). On the request
 * path: a couple of Map lookups and additions in memory; the sums are written about once a second
 * (flushUsage) by one statement per tenant, each in that tenant's context so RLS holds for the writes
 * too, and one transaction for up to TENANTS_PER_TRANSACTION tenants.
 * A crash loses at most that second of chart data; the audit chain, which is the record, is unaffected.
 */
export function recordUsage(sample: UsageSample): void {
  const counts = getPendingCounts(sample.tenantId);
  counts[sample.outcome] += 1;
  counts.tokensIn += sample.tokensIn;
  counts.tokensOut += sample.tokensOut;
  if (sample.overheadMs !== undefined) counts.overheadBands[findLatencyBand(sample.overheadMs)] += 1;
  if (sample.upstreamMs !== undefined) counts.upstreamBands[findLatencyBand(sample.upstreamMs)] += 1;
}

/** An incident opened for the tenant (counted where incidents are opened). */
export function recordIncidentUsage(tenantId: string): void {
  getPendingCounts(tenantId).incidents += 1;
}

/** Writes everything accumulated so far; resolves when written (tests, shutdown, the timer). */
export function flushUsage(): Promise<void> {
  flushing ??= writePending().finally(() => (flushing = null));
  return flushing;
}

function getPendingCounts(tenantId: string): UsageCounts {
  const now = Date.now();
  const bucketStart = now - (now % FINEST_BUCKET_MS);
  let buckets = pending.get(tenantId);
  if (!buckets) pending.set(tenantId, (buckets = new Map()));
  let counts = buckets.get(bucketStart);
  if (!counts) buckets.set(bucketStart, (counts = createEmptyCounts()));
  holder.bulkheadUsageTimer ??= setInterval(() => void flushUsage(), FLUSH_INTERVAL_MS).unref();
  return counts;
}

async function writePending(): Promise<void> {
  if (pending.size === 0) return;
  const taken = [...pending];
  pending = holder.bulkheadPendingUsage = new Map();
  const written: (typeof taken)[number][] = [];
  for (let start = 0; start < taken.length; start += TENANTS_PER_TRANSACTION) {
    const group = taken.slice(start, start + TENANTS_PER_TRANSACTION);
    try {
      await writeTenantSums(group);
      written.push(...group);
    } catch {
      // One tenant's failure must not hold back the others it was grouped with: each on its own.
      for (const entry of group) {
        try {
          await writeTenantSums([entry]);
          written.push(entry);
        } catch (error) {
          // Kept for the next flush rather than lost: a brief database outage leaves no hole in the charts.
          const [tenantId, buckets] = entry;
          for (const [bucketStart, counts] of buckets) mergeCounts(getBucket(tenantId, bucketStart), counts);
          logEvent('warn', 'usage buckets not written; retrying with the next flush', { tenantId, error });
        }
      }
    }
  }
  const platformSums = new Map<number, UsageCounts>();
  for (const [, buckets] of written)
    for (const [bucketStart, counts] of buckets) mergeCounts(platformSums.get(bucketStart) ?? setNew(platformSums, bucketStart), counts);
  // The platform's sums follow the tenant rows written; if they fail, the platform charts miss
  // this second (the tenants' own rows are already in).
  await writePlatformSums(platformSums).catch((error: unknown) => logEvent('warn', 'platform usage sums not written', { error }));
}

function writeTenantSums(entries: readonly [string, Map<number, UsageCounts>][]): Promise<void> {
  return runPerTenantWrites(entries.map(([tenantId, buckets]) => ({ tenantId, statement: buildUsageUpsert(tenantId, buckets) })));
}

async function writePlatformSums(sums: ReadonlyMap<number, UsageCounts>) {
  if (sums.size === 0) return;
  const client = await connectAppClient();
  try {
    await client.query(buildUsageUpsert(null, sums).text);
  } finally {
    client.release();
  }
}

function setNew(map: Map<number, UsageCounts>, key: number): UsageCounts {
  const counts = createEmptyCounts();
  map.set(key, counts);
  return counts;
}

function getBucket(tenantId: string, bucketStart: number): UsageCounts {
  let buckets = pending.get(tenantId);
  if (!buckets) pending.set(tenantId, (buckets = new Map()));
  let counts = buckets.get(bucketStart);
  if (!counts) buckets.set(bucketStart, (counts = createEmptyCounts()));
  return counts;
}
