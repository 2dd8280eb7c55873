import 'server-only';
import { emptySql, inlineSql, joinSql, type InlineSql } from '@/lib/db/inline-sql';
import { BUCKET_SECONDS, createEmptyCounts, mergeCounts, type UsageCounts } from './usage-sample';

/**
 * One INSERT … ON CONFLICT adding 5-minute counts to the rows of every bucket size: a tenant's rows,
 * or with `tenantId` null the platform's sums. Rows of one statement must be distinct (ON CONFLICT
 * cannot touch a row twice), so 5-minute counts that share an hour or a day are summed here first.
 */
const TENANT_TARGET = { table: { text: 'tenant_usage_buckets' }, keyColumns: { text: 'tenant_id, bucket_seconds, bucket_start' } };
const PLATFORM_TARGET = { table: { text: 'platform_usage_buckets' }, keyColumns: { text: 'bucket_seconds, bucket_start' } };

export function buildUsageUpsert(tenantId: string | null, fiveMinuteBuckets: ReadonlyMap<number, UsageCounts>): InlineSql {
  const rows = new Map<string, { seconds: number; start: number; counts: UsageCounts }>();
  for (const [start, counts] of fiveMinuteBuckets) {
    for (const seconds of BUCKET_SECONDS) {
      const bucketStart = start - (start % (seconds * 1000));
      const key = `${seconds}:${bucketStart}`;
      const row = rows.get(key) ?? { seconds, start: bucketStart, counts: createEmptyCounts() };
      mergeCounts(row.counts, counts);
      rows.set(key, row);
    }
  }
  const values = [...rows.values()].map(
    ({ seconds, start, counts: c }) =>
      inlineSql`(${tenantId === null ? emptySql : inlineSql`${tenantId}::uuid, `}${seconds}, to_timestamp(${start / 1000}), ${c.success}, ${c.flagged}, ${c.blocked}, ${c.denied}, ${c.failure}, ${c.tokensIn}, ${c.tokensOut}, ${c.incidents}, ${toIntArray(c.overheadBands)}, ${toIntArray(c.upstreamBands)})`,
  );
  const { table, keyColumns } = tenantId === null ? PLATFORM_TARGET : TENANT_TARGET;
  return inlineSql`INSERT INTO ${table} AS t (${keyColumns}, success, flagged, blocked, denied, failure, tokens_in, tokens_out, incidents, overhead_bands, upstream_bands)
    VALUES ${joinSql(values, ', ')}
    ON CONFLICT (${keyColumns}) DO UPDATE SET
      success = t.success + excluded.success, flagged = t.flagged + excluded.flagged, blocked = t.blocked + excluded.blocked,
      denied = t.denied + excluded.denied, failure = t.failure + excluded.failure,
      tokens_in = t.tokens_in + excluded.tokens_in, tokens_out = t.tokens_out + excluded.tokens_out, incidents = t.incidents + excluded.incidents,
      overhead_bands = ARRAY(SELECT a + b FROM unnest(t.overhead_bands, excluded.overhead_bands) AS u(a, b)),
      upstream_bands = ARRAY(SELECT a + b FROM unnest(t.upstream_bands, excluded.upstream_bands) AS u(a, b))`;
}

function toIntArray(bands: readonly number[]): InlineSql {
  return inlineSql`ARRAY[${joinSql(
    bands.map((count) => inlineSql`${count}`),
    ', ',
  )}]::int[]`;
}
