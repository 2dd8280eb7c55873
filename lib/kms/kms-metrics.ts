import 'server-only';
import { defineCounter, defineGauge } from '@/lib/metrics/metric-registry';
import { getKmsCallCounts } from './call-counts';
import { getDataKeyCacheStats } from './data-keys';

/**
 * KMS calls by operation and the data-key cache's hits and misses, read at scrape time from the
 * counts lib/kms keeps anyway (no work on the request path). Calls should grow with active tenants,
 * not with traffic; a falling hit ratio says the cache bounds are too tight.
 */
export function registerKmsMetrics(): void {
  defineCounter({
    name: 'bulkhead_kms_calls_total',
    help: 'Requests sent to KMS by this process, retries included, by operation.',
    labelNames: ['operation'],
    collect: (counter) => {
      counter.reset();
      for (const [operation, count] of Object.entries(getKmsCallCounts().byOperation)) counter.inc({ operation }, count);
    },
  });
  defineCounter({
    name: 'bulkhead_kms_data_key_cache_total',
    help: 'Data-key cache lookups in this process, by result (hit, miss).',
    labelNames: ['result'],
    collect: (counter) => {
      const stats = getDataKeyCacheStats();
      counter.reset();
      counter.inc({ result: 'hit' }, stats.hits);
      counter.inc({ result: 'miss' }, stats.misses);
    },
  });
  defineGauge({
    name: 'bulkhead_kms_data_key_cache_entries',
    help: 'Plaintext data keys held in memory by this process.',
    collect: (gauge) => gauge.set(getDataKeyCacheStats().size),
  });
}
