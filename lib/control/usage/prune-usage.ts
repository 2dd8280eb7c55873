import 'server-only';
import { logEvent } from '@/lib/log/logger';
import { connectAppClient } from '@/lib/tenancy/with-tenant-sql';

const PRUNE_INTERVAL_MS = 3_600_000;

/** Deletes usage buckets older than any range reads (the definer function's ages); returns how many. */
export async function pruneUsageBuckets(): Promise<number> {
  const client = await connectAppClient();
  try {
    const result = await client.query<{ pruned: string }>('SELECT bulkhead_prune_usage_buckets() AS pruned');
    return Number(result.rows[0]?.pruned ?? 0);
  } finally {
    client.release();
  }
}

/** Prunes hourly in the console server (the process that always runs), first an hour after start. */
export function startUsagePruning(): NodeJS.Timeout {
  return setInterval(
    () => void pruneUsageBuckets().catch((error: unknown) => logEvent('warn', 'usage bucket pruning failed', { error })),
    PRUNE_INTERVAL_MS,
  ).unref();
}
